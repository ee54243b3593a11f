import * as vscode from 'vscode';

// Starts nothing yet: the language client is wired in once the server exists.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push();
}

export function deactivate(): void {}
