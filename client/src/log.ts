import * as vscode from 'vscode';

/** The extension's one output channel; it opens by itself on the first error only. */
export interface LogChannel {
  channel: vscode.LogOutputChannel;
}

// The language client writes the server's errors through `error` on a log
// channel; the wrapper reveals the channel the first time that happens.
export function createLogChannel(name: string): LogChannel {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  let revealed = false;
  const wrapped = new Proxy(channel, {
    get(target, property, receiver) {
      if (property === 'error') {
        return (...args: Parameters<vscode.LogOutputChannel['error']>) => {
          target.error(...args);
          if (!revealed) {
            revealed = true;
            target.show(true);
          }
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { channel: wrapped };
}
