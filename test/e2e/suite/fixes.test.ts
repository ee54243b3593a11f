import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitUntil } from './wait';

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

function codes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Control Studio')
    .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
}

async function waitForCodes(uri: vscode.Uri, expected: string[]): Promise<void> {
  await waitUntil(() => JSON.stringify(codes(uri)) === JSON.stringify(expected), {
    description: `diagnostics ${JSON.stringify(expected)}; last seen ${JSON.stringify(codes(uri))}`,
    recheckOn: vscode.languages.onDidChangeDiagnostics,
  });
}

describe('fixes in VS Code', () => {
  const file = workspaceFile('controls/EDCA-SEC-901.json');

  it('applies the preferred severity-weight fix', async () => {
    const editor = await vscode.window.showTextDocument(file);
    await waitForCodes(file, ['title-period', 'severity-weight']);
    const range = new vscode.Range(8, 20, 8, 21);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.filter((a) => a.title.startsWith('Change')).map((a) => a.title);
    assert.deepEqual(titles, ['Change severityWeight to 6', 'Change severity to High']);
    const preferred = actions.find((a) => a.isPreferred && a.title === 'Change severityWeight to 6');
    assert.ok(preferred?.edit, 'the preferred fix has no edit');
    assert.equal(await vscode.workspace.applyEdit(preferred.edit), true);
    assert.equal(editor.document.lineAt(8).text, '  "severityWeight": 6,');
    await waitForCodes(file, ['title-period']);
  });

  it('fixes all on save', async () => {
    const editor = await vscode.window.showTextDocument(file);
    await waitForCodes(file, ['title-period']);
    assert.equal(await editor.document.save(), true);
    assert.equal(editor.document.lineAt(2).text, '  "title": "Control to fix",');
    await waitForCodes(file, []);
  });
});
