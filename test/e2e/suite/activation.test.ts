import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from 'mocha';
import { waitUntil } from './wait';

// Extension identifier, `<publisher>.<name>` from package.json.
const extensionId = 'control-studio.control-studio';

describe('extension activation', () => {
  it('opens the fixture workspace', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'expected one workspace folder');

    const controlFiles = await vscode.workspace.findFiles('controls/EDCA-DATA-003.json');
    assert.equal(controlFiles.length, 1, 'controls/EDCA-DATA-003.json not found in the workspace');
  });

  it('loads the extension under development', () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not among the installed extensions`);
    assert.equal(extension.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('activates in a workspace with controls/*.json', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not among the installed extensions`);

    // Activation has no event in the VS Code API, so waitUntil checks the flag
    // on an interval. The test never calls extension.activate(), which would
    // activate it whether or not its activation events fired.
    await waitUntil(() => extension.isActive, { description: `${extensionId} to activate` });
    assert.equal(extension.isActive, true);
  });
});
