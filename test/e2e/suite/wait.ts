import * as vscode from 'vscode';

export interface WaitOptions {
  /** What is awaited, for the timeout message, e.g. "diagnostics for a.json". */
  description: string;
  timeoutMs?: number;
  /**
   * Event after which the condition is checked again. Without one, the
   * condition is checked every `intervalMs` (default 50). Leave it out only
   * for state that VS Code announces with no event, such as activation.
   */
  recheckOn?: vscode.Event<unknown>;
  intervalMs?: number;
}

/**
 * Resolves once `condition()` returns true, checking it at once and then after
 * each `recheckOn` event or interval. Rejects after `timeoutMs` (default 20 s).
 */
export function waitUntil(condition: () => boolean, options: WaitOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  if (condition()) {
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    const disposables: vscode.Disposable[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      for (const disposable of disposables) {
        disposable.dispose();
      }
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    const check = () => {
      let satisfied: boolean;
      try {
        satisfied = condition();
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (satisfied) {
        finish();
      }
    };
    const timer = setTimeout(() => {
      finish(new Error(`Timed out after ${timeoutMs} ms waiting for ${options.description}.`));
    }, timeoutMs);

    if (options.recheckOn) {
      disposables.push(options.recheckOn(check));
    } else {
      const interval = setInterval(check, options.intervalMs ?? 50);
      disposables.push(new vscode.Disposable(() => clearInterval(interval)));
    }
  });
}
