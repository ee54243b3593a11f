import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { RunTestHooks } from '../../../client/src/run/commands';
import { waitUntil } from '../suite/wait';
import {
  lensArgument,
  PLAIN_STAND_IN,
  RUN_CHECK,
  RUN_REMEDIATION,
  runHooks,
  ScriptedUi,
  scriptRuns,
  setRunSetting,
  STAND_IN,
  type StandInRecord,
  standInLogFolder,
  standInRecords,
  templateOf,
  terminalsNamed,
  watchFolder,
  workspaceFile,
} from './helpers';

const FAILING = 'controls/EDCA-SEC-953.json';
const PREAMBLE = [
  '$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri http://ex01.contoso.com/PowerShell/ -Authentication Kerberos',
  'Import-PSSession $session -DisableNameChecking',
].join('\n');

describe('run terminals', () => {
  let hooks: RunTestHooks;
  let scripted: ScriptedUi;
  let restoreUi: vscode.Disposable;
  let logStart: number;

  before(async () => {
    hooks = await runHooks();
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await setRunSetting('powershell.path', STAND_IN);
  });

  beforeEach(() => {
    scripted = new ScriptedUi();
    restoreUi = hooks.setUi(scripted.ui());
    logStart = standInRecords().length;
  });

  afterEach(() => restoreUi.dispose());

  after(async () => {
    await setRunSetting('powershell.preamble', undefined);
    await setRunSetting('powershell.path', STAND_IN);
  });

  function newRecords(event: StandInRecord['event']): StandInRecord[] {
    return standInRecords(logStart).filter((record) => record.event === event);
  }

  function scriptContents(): Array<string | undefined> {
    return scriptRuns(standInRecords(logStart))
      .filter((record) => record.operator === '&')
      .map((record) => record.content);
  }

  function preambleRuns(): StandInRecord[] {
    return newRecords('run').filter((record) => record.operator === '.');
  }

  it('runs the preamble once per terminal', async () => {
    await setRunSetting('powershell.preamble', PREAMBLE);
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FAILING));
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FAILING));

    const inputs = newRecords('input').map((record) => record.line ?? '');
    assert.equal(inputs.length, 3);
    assert.match(inputs[0] ?? '', /^\. '.+\.ps1'$/);
    assert.match(inputs[1] ?? '', /^& '.+\.ps1'$/);
    assert.match(inputs[2] ?? '', /^& '.+\.ps1'$/);
    const preambles = preambleRuns();
    assert.deepEqual(
      preambles.map((record) => record.content),
      [PREAMBLE],
    );
    assert.deepEqual(scriptContents(), [`${templateOf(FAILING)}\n`, `${templateOf(FAILING)}\n`]);
    assert.equal(fs.existsSync(preambles[0]?.path ?? ''), false, 'the preamble file was not deleted');
  });

  it('names the preamble target in the confirmation', async () => {
    await setRunSetting('powershell.preamble', PREAMBLE);
    scripted.confirmAnswer = false;
    await vscode.commands.executeCommand(RUN_REMEDIATION, await lensArgument(FAILING));

    const detail = scripted.confirms[0]?.detail ?? '';
    assert.equal(detail.split('\n')[0], 'Target: http://ex01.contoso.com/PowerShell/ (the -ConnectionUri of the session preamble)');
  });

  it('starts a new terminal when the preamble changes', async () => {
    await setRunSetting('powershell.preamble', 'Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn');
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FAILING));

    assert.equal(newRecords('start').length, 1);
    assert.equal(preambleRuns()[0]?.content, 'Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn');
    assert.deepEqual(scriptContents(), [`${templateOf(FAILING)}\n`]);
    await waitUntil(() => terminalsNamed('EDCA-SEC-953').length === 1, {
      description: 'the old terminal of EDCA-SEC-953 to close',
      recheckOn: vscode.window.onDidCloseTerminal,
    });
  });

  it('sends the command without shell integration', async () => {
    await setRunSetting('powershell.preamble', undefined);
    await setRunSetting('powershell.path', PLAIN_STAND_IN);
    const logChanges = watchFolder(standInLogFolder());
    try {
      await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FAILING));
      // The stand-in records the What If runner file first, then the script file it calls.
      await waitUntil(() => newRecords('run').length === 2, {
        description: 'the plain stand-in to run the runner and the script file',
        recheckOn: logChanges.event,
      });
    } finally {
      logChanges.dispose();
    }

    assert.deepEqual(scripted.notices, [
      {
        kind: 'info',
        message:
          'The check of EDCA-SEC-953 was sent to the terminal "EDCA-SEC-953". ' +
          'Its exit code is not shown because shell integration is not active there.',
      },
    ]);
    assert.deepEqual(scriptContents(), [`${templateOf(FAILING)}\n`]);
    assert.deepEqual(newRecords('start')[0]?.argv, ['-NoLogo']);
  });

  it('deletes script files when the terminal closes', async () => {
    // The previous test ran without shell integration, so its script file is still there.
    const folder = hooks.scriptFolder ?? '';
    assert.ok(fs.readdirSync(folder).length > 0, 'no script file left to delete');
    const folderChanges = watchFolder(folder);
    try {
      for (const terminal of terminalsNamed('EDCA-SEC-953')) terminal.dispose();
      await waitUntil(() => fs.readdirSync(folder).length === 0, { description: `${folder} to be empty`, recheckOn: folderChanges.event });
    } finally {
      folderChanges.dispose();
    }
    assert.deepEqual(fs.readdirSync(folder), []);
  });

  it('picks a control when no control editor is active', async () => {
    await setRunSetting('powershell.path', STAND_IN);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    scripted.pickAnswer = 'EDCA-SEC-953';
    await vscode.commands.executeCommand(RUN_CHECK);

    const offered = scripted.pickedFrom[0] ?? [];
    assert.ok(offered.includes('EDCA-SEC-950'), `EDCA-SEC-950 not offered: ${offered.join(', ')}`);
    assert.ok(offered.includes('EDCA-SEC-953'), `EDCA-SEC-953 not offered: ${offered.join(', ')}`);
    assert.deepEqual(scriptContents(), [`${templateOf(FAILING)}\n`]);
  });

  it('runs the control at the cursor', async () => {
    const editor = await vscode.window.showTextDocument(workspaceFile(FAILING));
    editor.selection = new vscode.Selection(3, 4, 3, 4);
    await vscode.commands.executeCommand(RUN_CHECK);

    assert.deepEqual(scripted.pickedFrom, []);
    assert.deepEqual(scriptContents(), [`${templateOf(FAILING)}\n`]);
  });
});
