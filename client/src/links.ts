import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const CHECK_LINKS_REQUEST = 'controlStudio/checkLinks';
const LINK_PROGRESS_NOTIFICATION = 'controlStudio/linkProgress';

/** Returns the link settings sent to the server; private addresses come from user settings only. */
export function linkOptions(context: vscode.ExtensionContext): Record<string, unknown> {
  const settings = vscode.workspace.getConfiguration('controlStudio.links');
  const storage = context.storageUri ?? context.globalStorageUri;
  return {
    enabled: settings.get<boolean>('enabled', true),
    timeoutMs: settings.get<number>('timeout', 10_000),
    allowPrivate: settings.inspect<boolean>('allowPrivate')?.globalValue === true,
    cacheFile: vscode.Uri.joinPath(storage, 'links.json').fsPath,
    trusted: vscode.workspace.isTrusted,
  };
}

/** Registers "Check Reference Links": a cancellable notification that follows the server's progress. */
export function registerLinkCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('controlStudio.checkLinks', async () => {
      const current = client();
      if (!current) return;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Reference links are not checked in an untrusted workspace.');
        return;
      }
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Checking reference links', cancellable: true },
        async (progress, token) => {
          let reported = 0;
          const listener = current.onNotification(LINK_PROGRESS_NOTIFICATION, ({ done, total }: { done: number; total: number }) => {
            const percent = (done * 100) / Math.max(total, 1);
            progress.report({ increment: percent - reported, message: `${done} of ${total} URLs` });
            reported = percent;
          });
          try {
            return await current.sendRequest<{ checked: number; cancelled: boolean }>(CHECK_LINKS_REQUEST, {}, token);
          } finally {
            listener.dispose();
          }
        },
      );
      const message = result.cancelled ? `Link check cancelled after ${result.checked} URLs.` : `Checked ${result.checked} reference URLs.`;
      void vscode.window.showInformationMessage(message);
    }),
  );
}
