import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitUntil } from './wait';

type Pinned = [code: string, severity: vscode.DiagnosticSeverity, startLine: number, startCharacter: number, endLine: number, endCharacter: number];

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** Returns the product's own diagnostics, because the built-in JSON extension publishes for the same files. */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Control Studio');
}

function pinned(uri: vscode.Uri): Pinned[] {
  return ours(uri).map((d) => {
    const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
    return [code, d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
  });
}

async function waitForDiagnostics(uri: vscode.Uri, expected: Pinned[], description: string): Promise<void> {
  await waitUntil(() => JSON.stringify(pinned(uri)) === JSON.stringify(expected), {
    description: `${description}; last seen ${JSON.stringify(pinned(uri))}`,
    recheckOn: vscode.languages.onDidChangeDiagnostics,
  });
}

const { Error: E, Warning: W } = vscode.DiagnosticSeverity;

describe('diagnostics in VS Code', () => {
  const sample = workspaceFile('controls/EDCA-SEC-900.json');

  it('shows findings of an opened control', async () => {
    await vscode.window.showTextDocument(sample);
    await waitForDiagnostics(
      sample,
      [
        ['unknown-control-reference', E, 3, 479, 3, 491],
        ['severity-weight', E, 8, 20, 8, 21],
      ],
      'the findings of EDCA-SEC-900.json',
    );
  });

  it('shows findings of a closed catalogue', async () => {
    const catalogue = workspaceFile('catalogue/controls.json');
    assert.equal(
      vscode.workspace.textDocuments.some((d) => d.uri.toString() === catalogue.toString()),
      false,
      'the catalogue must not be open',
    );
    await waitForDiagnostics(
      catalogue,
      [
        ['title-period', W, 3, 37, 3, 38],
        ['severity-weight', E, 52, 22, 52, 23],
      ],
      'the findings of the closed catalogue',
    );
  });

  it('updates findings after an edit', async () => {
    const editor = await vscode.window.showTextDocument(sample);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(sample, new vscode.Range(8, 20, 8, 21), '5');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitForDiagnostics(sample, [['unknown-control-reference', E, 3, 479, 3, 491]], 'findings after setting the weight to 5');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.lineAt(8).text, '  "severityWeight": 8,');
    await waitForDiagnostics(
      sample,
      [
        ['unknown-control-reference', E, 3, 479, 3, 491],
        ['severity-weight', E, 8, 20, 8, 21],
      ],
      'findings after the undo',
    );
  });
});
