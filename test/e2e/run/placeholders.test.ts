import * as assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { RunTestHooks } from '../../../client/src/run/commands';
import { lensArgument, RUN_CHECK, runHooks, ScriptedUi, scriptRuns, setRunSetting, STAND_IN, standInRecords } from './helpers';

const PLACEHOLDERS = 'controls/EDCA-SEC-952.json';

describe('run placeholders', () => {
  let hooks: RunTestHooks;
  let scripted: ScriptedUi;
  let restoreUi: vscode.Disposable;
  let logStart: number;

  before(async () => {
    hooks = await runHooks();
    await setRunSetting('powershell.path', STAND_IN);
    await setRunSetting('powershell.preamble', undefined);
  });

  beforeEach(() => {
    scripted = new ScriptedUi();
    restoreUi = hooks.setUi(scripted.ui());
    logStart = standInRecords().length;
  });

  afterEach(() => restoreUi.dispose());

  function runContents(): Array<string | undefined> {
    return scriptRuns(standInRecords(logStart)).map((record) => record.content);
  }

  it('asks for each placeholder once', async () => {
    scripted.placeholderAnswers = { DatabaseName: 'DB01', '<Server>': 'ex01' };
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(PLACEHOLDERS));

    const requests = scripted.placeholderRequests.map(({ control, name, lines }) => ({ control, name, lines }));
    assert.deepEqual(requests, [
      { control: 'EDCA-SEC-952', name: 'DatabaseName', lines: [2] },
      { control: 'EDCA-SEC-952', name: '<Server>', lines: [2, 3] },
    ]);
    assert.equal(scripted.placeholderRequests[0]?.validate(''), 'The value is empty.');
    assert.equal(scripted.placeholderRequests[0]?.validate('DB01'), undefined);
  });

  it('inserts values as text in the script file', async () => {
    scripted.placeholderAnswers = { DatabaseName: 'DB "01"; $(Remove-Item C:\\)', '<Server>': "ex01'$x" };
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(PLACEHOLDERS));

    assert.deepEqual(runContents(), [
      [
        '# === DIAGNOSTICS ===',
        "Get-MailboxDatabase -Identity 'DB \"01\"; $(Remove-Item C:\\)' -Server 'ex01''$x' | Select-Object Name",
        'Get-ExchangeServer -Identity "ex01\'`$x.contoso.com"',
        '',
      ].join('\n'),
    ]);
  });

  it('offers the last values entered', async () => {
    scripted.placeholderAnswers = { DatabaseName: 'DB02', '<Server>': 'ex02' };
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(PLACEHOLDERS));
    const next = new ScriptedUi();
    next.placeholderAnswers = { DatabaseName: 'DB03', '<Server>': 'ex03' };
    const restoreNext = hooks.setUi(next.ui());
    try {
      await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(PLACEHOLDERS));
    } finally {
      restoreNext.dispose();
    }

    assert.deepEqual(
      next.placeholderRequests.map((request) => request.value),
      ['DB02', 'ex02'],
    );
  });

  it('stops when a placeholder input is cancelled', async () => {
    scripted.placeholderAnswers = { DatabaseName: 'DB01', '<Server>': undefined };
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(PLACEHOLDERS));

    assert.deepEqual(scripted.notices, [
      { kind: 'error', message: 'EDCA-SEC-952: no value was entered for the placeholder <Server>, so nothing was run.' },
    ]);
    assert.deepEqual(standInRecords(logStart), []);
  });

  it('stops at an empty value', async () => {
    scripted.placeholderAnswers = { DatabaseName: 'DB01', '<Server>': '' };
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(PLACEHOLDERS));

    assert.deepEqual(scripted.notices, [
      {
        kind: 'error',
        message:
          'EDCA-SEC-952: a placeholder has no valid value, so nothing was run. ' +
          '<Server> on line 2: The value is empty. <Server> on line 3: The value is empty.',
      },
    ]);
    assert.deepEqual(standInRecords(logStart), []);
  });
});
