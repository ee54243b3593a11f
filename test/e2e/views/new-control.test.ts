import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { extensionApi, renderTree, waitForValue, workspaceFile } from './helpers';

// The text that the language server writes for a new control, byte for byte.
const expectedText = [
  '{',
  '  "id": "EDCA-SEC-003",',
  '  "title": "SMB signing required",',
  '  "description": "TODO: State what MUST hold, then why it matters.",',
  '  "verify": false,',
  '  "subject": "Server",',
  '  "category": "Platform Security",',
  '  "severity": "Low",',
  '  "severityWeight": 3,',
  '  "frameworks": [',
  '    "Best Practice"',
  '  ],',
  '  "references": [',
  '    {',
  '      "name": "TODO: name of the primary source",',
  '      "url": "https://learn.microsoft.com/en-us/exchange/"',
  '    }',
  '  ],',
  '  "remediation": {',
  '    "automatable": false,',
  '    "description": "TODO: Describe the fix in one to three sentences, without commands.",',
  '    "scriptTemplate": "# === DIAGNOSTICS ===\\n# TODO: read-only commands that show the current state.\\n\\n' +
    '# === REMEDIATION ===\\n# NOTE: TODO: describe any manual step.\\n# TODO: state-changing commands, commented out."',
  '  },',
  '  "considerations": "TODO: operational impact, dependencies and rollback.",',
  '  "roles": [',
  '    "Mailbox"',
  '  ]',
  '}',
  '',
].join('\n');

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function controlFileNames(): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(workspaceFile('controls'));
  return entries.map(([name]) => name).sort();
}

describe('New Control command', () => {
  it('writes the next control of a category', async () => {
    const views = await extensionApi();
    const input = { category: 'Platform Security', title: 'SMB signing required', severity: 'Low', subject: 'Server' };
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('controlStudio.newControl', input);

    const expectedUri = workspaceFile('controls/EDCA-SEC-003.json');
    assert.equal(created?.toString(), expectedUri.toString());
    assert.equal(await readText(expectedUri), expectedText);

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor is active');
    assert.equal(editor.document.uri.toString(), expectedUri.toString());
    assert.equal(editor.document.getText(editor.selection), 'TODO: State what MUST hold, then why it matters.');

    await waitForValue(
      () => renderTree(views),
      (lines) => lines.includes('  arrow-down charts.blue | EDCA-SEC-003 | SMB signing required | -'),
      { description: 'EDCA-SEC-003 in the Controls view', recheckOn: views.controlsTree.onDidChangeTreeData },
    );
  });

  it('trims the title', async () => {
    const input = { category: 'Governance', title: '  Change approval recorded  ', severity: 'Medium', subject: 'Organization' };
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('controlStudio.newControl', input);

    assert.equal(created?.toString(), workspaceFile('controls/EDCA-GOV-001.json').toString());
    const control = JSON.parse(await readText(workspaceFile('controls/EDCA-GOV-001.json'))) as Record<string, unknown>;
    assert.equal(control.title, 'Change approval recorded');
    assert.equal(control.severityWeight, 6);
    assert.equal(control.subject, 'Organization');
  });

  it('keeps an existing file', async () => {
    // controls/EDCA-RES-001.json is empty, so the server sees no control with
    // that id and offers it for the next Resilience control.
    const before = await controlFileNames();
    const input = { category: 'Resilience', title: 'Database copies on two servers', severity: 'High', subject: 'Database' };
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('controlStudio.newControl', input);

    assert.equal(created, undefined);
    assert.equal(await readText(workspaceFile('controls/EDCA-RES-001.json')), '');
    assert.deepEqual(await controlFileNames(), before);
  });

  it('rejects an invalid title', async () => {
    const before = await controlFileNames();
    const input = { category: 'Monitoring', title: 'Audit log enabled.', severity: 'Low', subject: 'Organization' };
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('controlStudio.newControl', input);

    assert.equal(created, undefined);
    assert.deepEqual(await controlFileNames(), before);
  });

  it('rejects an unknown category', async () => {
    const before = await controlFileNames();
    const input = { category: 'Security', title: 'Audit log enabled', severity: 'Low', subject: 'Organization' };
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('controlStudio.newControl', input);

    assert.equal(created, undefined);
    assert.deepEqual(await controlFileNames(), before);
  });
});
