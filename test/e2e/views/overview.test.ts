import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { extensionApi, waitForValue, workspaceFile } from './helpers';

function isMarkdownPreview(tab: vscode.Tab): boolean {
  return tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('markdown.preview');
}

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter(isMarkdownPreview);
}

/** Returns the count of controls in the overview's summary line, e.g. 7 for "7 controls in 7 files.". */
function controlCount(document: vscode.TextDocument): number {
  const summary = /^(\d+) controls in \d+ files\.$/m.exec(document.getText());
  assert.ok(summary?.[1], `no summary line in the overview:\n${document.getText()}`);
  return Number(summary[1]);
}

describe('catalogue overview', () => {
  let overview: vscode.TextDocument | undefined;

  it('opens the overview in the Markdown preview', async () => {
    await extensionApi();
    overview = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('controlStudio.showOverview');

    assert.ok(overview, 'the command returned no document');
    assert.equal(overview.uri.toString(), 'control-report:/Catalogue%20overview.md');
    assert.equal(overview.languageId, 'markdown');
    assert.ok(overview.getText().startsWith('# Catalogue overview\n\n'), `unexpected start: ${overview.getText().slice(0, 80)}`);
    await waitForValue(
      async () => previewTabs().map((tab) => tab.label),
      (labels) => labels.length === 1,
      { description: 'one Markdown preview tab', recheckOn: vscode.window.tabGroups.onDidChangeTabs },
    );
    assert.deepEqual(
      previewTabs().map((tab) => tab.label),
      ['Preview Catalogue overview.md'],
    );
    assert.equal(vscode.window.activeTextEditor, undefined, 'the overview opened in a text editor as well');
  });

  it('follows changes to the catalogue', async () => {
    assert.ok(overview, 'the overview did not open');
    const document = overview;
    const count = controlCount(document);
    const source = await vscode.workspace.fs.readFile(workspaceFile('controls/EDCA-TLS-001.json'));
    const copy = new TextDecoder().decode(source).replace('"EDCA-TLS-001"', '"EDCA-TLS-002"');
    await vscode.workspace.fs.writeFile(workspaceFile('controls/EDCA-TLS-002.json'), new TextEncoder().encode(copy));

    await waitForValue(
      async () => controlCount(document),
      (current) => current === count + 1,
      { description: `${count + 1} controls in the overview`, recheckOn: vscode.workspace.onDidChangeTextDocument },
    );
  });
});
