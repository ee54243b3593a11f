import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { Views } from '../../../client/src/views';
import type { ControlsTreeProvider } from '../../../client/src/views/controls-tree';
import { extensionApi, findControl, waitForTree, workspaceFile } from './helpers';

const E = 'list.errorForeground';
const W = 'list.warningForeground';

const byCategory = [
  `Data Security | 1 control · 1 warning | 1 ${W}`,
  `  arrow-up charts.orange | EDCA-DATA-001 | Mailbox database encryption | 1 ${W}`,
  'Monitoring | 1 control | -',
  '  arrow-down charts.blue | EDCA-MON-001 | Administrator audit log enabled | -',
  `Platform Security | 2 controls · 1 error, 1 warning | 2 ${E}`,
  '  arrow-up charts.orange | EDCA-SEC-001 | SMB 1.0 disabled on Exchange servers | -',
  `  arrow-right charts.yellow | EDCA-SEC-002 | Legacy cipher suites removed. | 2 ${E}`,
  'Transport Security | 1 control | -',
  '  flame charts.red | EDCA-TLS-001 | TLS 1.2 required for SMTP | -',
];

const bySeverity = [
  'Critical | 1 control | -',
  '  flame charts.red | EDCA-TLS-001 | TLS 1.2 required for SMTP | -',
  `High | 2 controls · 1 warning | 1 ${W}`,
  `  arrow-up charts.orange | EDCA-DATA-001 | Mailbox database encryption | 1 ${W}`,
  '  arrow-up charts.orange | EDCA-SEC-001 | SMB 1.0 disabled on Exchange servers | -',
  `Medium | 1 control · 1 error, 1 warning | 2 ${E}`,
  `  arrow-right charts.yellow | EDCA-SEC-002 | Legacy cipher suites removed. | 2 ${E}`,
  'Low | 1 control | -',
  '  arrow-down charts.blue | EDCA-MON-001 | Administrator audit log enabled | -',
];

const byFramework = [
  `Best Practice | 5 controls · 1 error, 2 warnings | 3 ${E}`,
  `  arrow-up charts.orange | EDCA-DATA-001 | Mailbox database encryption | 1 ${W}`,
  '  arrow-down charts.blue | EDCA-MON-001 | Administrator audit log enabled | -',
  '  arrow-up charts.orange | EDCA-SEC-001 | SMB 1.0 disabled on Exchange servers | -',
  `  arrow-right charts.yellow | EDCA-SEC-002 | Legacy cipher suites removed. | 2 ${E}`,
  '  flame charts.red | EDCA-TLS-001 | TLS 1.2 required for SMTP | -',
  `BSI | 1 control · 1 warning | 1 ${W}`,
  `  arrow-up charts.orange | EDCA-DATA-001 | Mailbox database encryption | 1 ${W}`,
  `CIS | 2 controls · 1 error, 1 warning | 2 ${E}`,
  `  arrow-right charts.yellow | EDCA-SEC-002 | Legacy cipher suites removed. | 2 ${E}`,
  '  flame charts.red | EDCA-TLS-001 | TLS 1.2 required for SMTP | -',
];

function groupBySetting(): ReturnType<vscode.WorkspaceConfiguration['inspect']> {
  return vscode.workspace.getConfiguration('controlStudio').inspect('controlsView.groupBy');
}

describe('Controls view', () => {
  let views: Views;
  let tree: ControlsTreeProvider;

  before(async () => {
    views = await extensionApi();
    tree = views.controlsTree;
  });

  after(async () => {
    await vscode.workspace.getConfiguration('controlStudio').update('controlsView.groupBy', undefined, vscode.ConfigurationTarget.Global);
  });

  it('groups controls by category', async () => {
    await waitForTree(views, byCategory, 'the controls grouped by category');
  });

  it('shows a group expanded', async () => {
    const [group] = await tree.getChildren();
    assert.ok(group, 'the tree has no groups');
    const item = tree.getTreeItem(group);
    assert.equal(item.id, 'category:Data Security');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.equal(item.contextValue, 'controlGroup');
  });

  it('describes a control in its tooltips', async () => {
    const node = await findControl(tree, 'EDCA-SEC-002');
    const item = tree.getTreeItem(node);
    assert.equal(
      item.tooltip,
      [
        'EDCA-SEC-002: Legacy cipher suites removed.',
        'Severity: Medium · Category: Platform Security',
        'Frameworks: Best Practice, CIS',
        'controls/EDCA-SEC-002.json, line 1',
        'Findings: 1 error, 1 warning',
      ].join('\n'),
    );
    assert.ok(item.resourceUri, 'the control has no resourceUri for its badge');
    assert.equal(views.findingDecorations.provideFileDecoration(item.resourceUri)?.tooltip, '1 error, 1 warning');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.equal(item.contextValue, 'control');
    assert.equal(item.id, `category:Platform Security|${workspaceFile('controls/EDCA-SEC-002.json').toString()}|0:0`);
  });

  it('opens a catalogue control at its element', async () => {
    const node = await findControl(tree, 'EDCA-DATA-001');
    const command = tree.getTreeItem(node).command;
    assert.ok(command, 'the control has no command');
    assert.equal(command.command, 'controlStudio.openControl');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'no editor is active');
    assert.equal(editor.document.uri.toString(), workspaceFile('catalogue/controls.json').toString());
    assert.deepEqual([editor.selection.start.line, editor.selection.start.character], [29, 2]);
    assert.equal(editor.selection.isEmpty, true);
    assert.equal(editor.document.lineAt(30).text, '    "id": "EDCA-DATA-001",');
  });

  it('regroups by severity', async () => {
    await vscode.commands.executeCommand('controlStudio.controlsView.groupBySeverity');
    assert.equal(groupBySetting()?.globalValue, 'severity');
    await waitForTree(views, bySeverity, 'the controls grouped by severity');
  });

  it('regroups by framework', async () => {
    await vscode.commands.executeCommand('controlStudio.controlsView.groupByFramework');
    assert.equal(groupBySetting()?.globalValue, 'framework');
    await waitForTree(views, byFramework, 'the controls grouped by framework');
  });

  it('regroups by category', async () => {
    await vscode.commands.executeCommand('controlStudio.controlsView.groupByCategory');
    assert.equal(groupBySetting()?.globalValue, 'category');
    await waitForTree(views, byCategory, 'the controls grouped by category again');
  });

  it('follows unsaved edits', async () => {
    // The server lints the open document, so the view shows the new finding
    // before the file is saved: it reads the index, not the file.
    const uri = workspaceFile('controls/EDCA-SEC-001.json');
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(editor.document.lineAt(8).text, '  "severityWeight": 8,');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(8, 20, 8, 21), '5');
    assert.equal(await vscode.workspace.applyEdit(edit), true);

    const edited = byCategory.map((line) =>
      line.startsWith('Platform Security')
        ? `Platform Security | 2 controls · 2 errors, 1 warning | 3 ${E}`
        : line.includes('EDCA-SEC-001')
          ? `  arrow-up charts.orange | EDCA-SEC-001 | SMB 1.0 disabled on Exchange servers | 1 ${E}`
          : line,
    );
    await waitForTree(views, edited, 'the severity-weight error of the edited EDCA-SEC-001');

    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitForTree(views, byCategory, 'the controls after reverting EDCA-SEC-001');
  });
});
