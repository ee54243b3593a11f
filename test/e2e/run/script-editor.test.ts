import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitUntil } from '../suite/wait';
import { lensArgument, OPEN_SCRIPT, runHooks, templateOf, workspaceFile } from './helpers';

const CRLF_CONTROL = 'controls/EDCA-SEC-955.json';

// The source of the first `"scriptTemplate": "..."` value, found without a JSON parser.
function literalSpan(text: string): { start: number; end: number } {
  const key = '"scriptTemplate": ';
  const start = text.indexOf(key) + key.length;
  const end = text.indexOf('\r\n', start);
  assert.ok(start >= key.length, 'scriptTemplate key not found');
  assert.ok(end > start, 'end of the scriptTemplate line not found');
  return { start, end };
}

async function openScript(relative: string): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand(OPEN_SCRIPT, await lensArgument(relative));
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'no active editor');
  assert.equal(editor.document.uri.scheme, 'control-script');
  return editor;
}

async function replaceAll(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  assert.equal(await editor.edit((builder) => builder.replace(whole, text)), true);
}

describe('script template as PowerShell', () => {
  before(async () => {
    await runHooks();
  });

  it('opens the decoded template in a PowerShell editor', async () => {
    const editor = await openScript(CRLF_CONTROL);

    assert.equal(editor.document.languageId, 'powershell');
    assert.equal(editor.document.getText(), templateOf(CRLF_CONTROL));
    assert.match(editor.document.uri.path, /^\/[0-9a-f]{16}\/EDCA-SEC-955\.ps1$/);
  });

  it('writes the script back escaped once', async () => {
    const file = workspaceFile(CRLF_CONTROL).fsPath;
    const before = fs.readFileSync(file, 'utf8');
    const editor = await openScript(CRLF_CONTROL);
    const script = [
      '# === DIAGNOSTICS ===',
      'Get-Item "HKLM:\\SOFTWARE\\Contoso" | Select-Object Name',
      "\tWrite-Host 'Über — ✓ 😀' $env:X `n",
      '# === REMEDIATION ===',
      '# Set-X',
    ].join('\n');
    await replaceAll(editor, script);
    assert.equal(await editor.document.save(), true);

    const after = fs.readFileSync(file, 'utf8');
    const span = literalSpan(before);
    const literal = String.raw`"# === DIAGNOSTICS ===\nGet-Item \"HKLM:\\SOFTWARE\\Contoso\" | Select-Object Name\n\tWrite-Host 'Über — ✓ 😀' $env:X ` + '`n' + String.raw`\n# === REMEDIATION ===\n# Set-X"`;
    assert.equal(after, before.slice(0, span.start) + literal + before.slice(span.end));
    assert.equal(templateOf(CRLF_CONTROL), script);
  });

  it('reloads the script after the JSON changed', async () => {
    const editor = await openScript(CRLF_CONTROL);
    const json = await vscode.workspace.openTextDocument(workspaceFile(CRLF_CONTROL));
    const offset = json.getText().indexOf('Contoso');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(json.uri, new vscode.Range(json.positionAt(offset), json.positionAt(offset + 'Contoso'.length)), 'Fabrikam');
    assert.equal(await vscode.workspace.applyEdit(edit), true);

    await waitUntil(() => editor.document.getText().includes('HKLM:\\SOFTWARE\\Fabrikam'), {
      description: 'the script editor to show the edited template',
      recheckOn: vscode.workspace.onDidChangeTextDocument,
    });
    assert.equal(await json.save(), true);
  });

  it('rejects a save after the JSON changed', async () => {
    const editor = await openScript(CRLF_CONTROL);
    // Unsaved changes keep VS Code from reloading the script editor.
    await replaceAll(editor, 'Get-Unsaved');
    const json = await vscode.workspace.openTextDocument(workspaceFile(CRLF_CONTROL));
    const offset = json.getText().indexOf('Fabrikam');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(json.uri, new vscode.Range(json.positionAt(offset), json.positionAt(offset + 'Fabrikam'.length)), 'Northwind');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const jsonText = json.getText();

    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, Buffer.from('Get-Other', 'utf8'))),
      /EDCA-SEC-955: The script template in the JSON file changed after it was opened as PowerShell\./,
    );
    assert.equal(json.getText(), jsonText);
    assert.ok(!json.getText().includes('Get-Other'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
