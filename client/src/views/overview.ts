import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ControlIndex } from './control-index';
import { REPORT_REQUEST } from './protocol';

// The built-in extension that provides the markdown.showPreview command.
const MARKDOWN_EXTENSION = 'vscode.markdown-language-features';

/** URI scheme of the read-only catalogue overview document. */
export const REPORT_SCHEME = 'control-report';

/** The one overview document; the `.md` extension makes VS Code treat it as Markdown. */
export const REPORT_URI = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/Catalogue overview.md' });

/**
 * Read-only document with the language server's catalogue overview. While the
 * document is open, it is rebuilt whenever the server's index changes, and an
 * open Markdown preview of it follows.
 */
export class OverviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly client: LanguageClient,
    index: ControlIndex,
  ) {
    this.subscription = index.onDidChange(() => {
      if (isOpen()) {
        this.refresh();
      }
    });
  }

  /** Makes VS Code ask for the overview's text again. */
  refresh(): void {
    this.changed.fire(REPORT_URI);
  }

  provideTextDocumentContent(): Promise<string> {
    return this.client.sendRequest<string>(REPORT_REQUEST);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function isOpen(): boolean {
  return vscode.workspace.textDocuments.some((document) => document.uri.toString() === REPORT_URI.toString());
}

/**
 * Opens the catalogue overview in the Markdown preview, or as a read-only
 * document when the built-in Markdown extension is disabled. Returns the
 * overview document, or undefined when the server could not build it.
 */
export async function showOverview(provider: OverviewProvider): Promise<vscode.TextDocument | undefined> {
  // An open overview document would be returned unchanged, so rebuild it first.
  provider.refresh();
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(REPORT_URI);
  } catch (error) {
    void vscode.window.showErrorMessage(`Building the catalogue overview failed: ${(error as Error).message}`);
    return undefined;
  }
  // The command activates the built-in extension when it is not yet active,
  // so ask whether the extension is enabled, not whether the command exists.
  if (vscode.extensions.getExtension(MARKDOWN_EXTENSION) !== undefined) {
    await vscode.commands.executeCommand('markdown.showPreview', REPORT_URI);
  } else {
    await vscode.window.showTextDocument(document);
  }
  return document;
}
