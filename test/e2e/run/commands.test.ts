import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { RunTestHooks } from '../../../client/src/run/commands';
import {
  lensArgument,
  RUN_CHECK,
  RUN_REMEDIATION,
  RUN_WHAT_IF,
  runHooks,
  ScriptedUi,
  scriptFiles,
  scriptRuns,
  setRunSetting,
  STAND_IN,
  type StandInRecord,
  standInRecords,
  templateOf,
  terminalsNamed,
  whatIfRunner,
} from './helpers';

const FULL = 'controls/EDCA-SEC-950.json';

describe('run commands', () => {
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

  after(async () => {
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  function newRecords(): StandInRecord[] {
    return standInRecords(logStart);
  }

  function runRecords(): StandInRecord[] {
    return newRecords().filter((record) => record.event === 'run');
  }

  function scriptContents(): Array<string | undefined> {
    return scriptRuns(newRecords()).map((record) => record.content);
  }

  it('runs the check part exactly', async () => {
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FULL));

    assert.deepEqual(scripted.notices, [{ kind: 'info', message: 'The check of EDCA-SEC-950 finished with exit code 0.' }]);
    const start = newRecords().find((record) => record.event === 'start');
    assert.deepEqual(start?.argv, ['-NoLogo']);
    const lines = templateOf(FULL).split('\n');
    assert.equal(lines[18], '# === REMEDIATION ===', 'fixture changed: the check part is lines 1 to 18');
    assert.deepEqual(scriptContents(), [`${lines.slice(0, 17).join('\n')}\n`]);
  });

  it('sends only the quoted path of private files', async () => {
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FULL));

    const [runner, script] = runRecords();
    assert.ok(runner?.path, 'no runner file recorded');
    assert.ok(script?.path, 'no script file recorded');
    const inputs = newRecords().filter((record) => record.event === 'input').map((record) => record.line);
    assert.deepEqual(inputs, [`& '${runner.path}'`]);
    assert.equal(runner.content, whatIfRunner(script.path));
    assert.equal(script.calledFrom, runner.path);
    for (const file of [runner, script]) {
      assert.equal(path.dirname(file.path ?? ''), hooks.scriptFolder);
      assert.match(path.basename(file.path ?? ''), /^[0-9a-f]{32}\.ps1$/);
      assert.equal(file.bom, true);
      assert.equal(file.mode, 0o600);
      assert.equal(fs.existsSync(file.path ?? ''), false, `${file.path ?? ''} was not deleted after the run`);
    }
  });

  it('keeps long lines, here-strings, $ and backticks intact', async () => {
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FULL));

    const content = scriptContents()[0] ?? '';
    const lines = content.split('\n');
    assert.equal(lines[16]?.length, 6000);
    assert.equal(lines[16], templateOf(FULL).split('\n')[16]);
    assert.equal(lines[7], "$report = @'");
    assert.equal(lines[8], "Literal here-string: $notExpanded `backtick \"double\" 'single'");
    assert.equal(lines[11], 'Servers: $($servers.Count) in `$HOME — «sécurité» ✓');
    assert.equal(lines[14], 'Get-OrganizationConfig `');
    assert.equal(lines[15], '    | Select-Object Name, OAuth2ClientProfileEnabled');
  });

  it('reuses the terminal of a control', async () => {
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FULL));
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(FULL));

    assert.equal(terminalsNamed('EDCA-SEC-950').length, 1);
    const runs = scriptRuns(newRecords());
    assert.equal(runs.length, 2);
    assert.equal(runs[0]?.pid, runs[1]?.pid);
    assert.equal(newRecords().filter((record) => record.event === 'start').length, 0);
  });

  it('runs What If after warning about external commands', async () => {
    await vscode.commands.executeCommand(RUN_WHAT_IF, await lensArgument(FULL));

    assert.equal(scripted.confirms.length, 1);
    assert.equal(scripted.confirms[0]?.message, 'EDCA-SEC-950 runs commands that ignore What If');
    assert.equal(
      scripted.confirms[0]?.detail,
      'These external programs change state even though $WhatIfPreference is set:\nline 22: iisreset /noforce\n\n' +
        'Run the template with What If anyway?',
    );
    assert.deepEqual(scriptContents(), [`${templateOf(FULL)}\n`]);
    assert.equal(runRecords().length, 2, 'the What If runner file did not run the script');
    assert.deepEqual(scripted.notices, [{ kind: 'info', message: 'The What If run of EDCA-SEC-950 finished with exit code 0.' }]);
  });

  it('runs nothing when the What If warning is cancelled', async () => {
    scripted.confirmAnswer = false;
    const filesBefore = scriptFiles(hooks.scriptFolder);
    await vscode.commands.executeCommand(RUN_WHAT_IF, await lensArgument(FULL));

    assert.equal(scripted.confirms.length, 1);
    assert.deepEqual(newRecords(), []);
    assert.deepEqual(scripted.notices, []);
    assert.deepEqual(scriptFiles(hooks.scriptFolder), filesBefore);
  });

  it('confirms a remediation before running it', async () => {
    await vscode.commands.executeCommand(RUN_REMEDIATION, await lensArgument(FULL));

    assert.equal(scripted.confirms.length, 1);
    const confirm = scripted.confirms[0];
    assert.equal(confirm?.message, 'Run the remediation of EDCA-SEC-950?');
    assert.equal(confirm?.action, 'Run Remediation');
    assert.equal(
      confirm?.detail,
      [
        'Target: this computer (no session preamble is set)',
        `PowerShell: ${STAND_IN}`,
        '',
        'These lines change state and run without What If:',
        'line 21: Set-OrganizationConfig -OAuth2ClientProfileEnabled $true',
        'line 22: iisreset /noforce',
      ].join('\n'),
    );
    assert.deepEqual(
      runRecords().map((record) => record.content),
      [`${templateOf(FULL)}\n`],
      'a remediation runs the script file itself, without a What If runner',
    );
  });

  it('runs nothing when the remediation is cancelled', async () => {
    scripted.confirmAnswer = false;
    const filesBefore = scriptFiles(hooks.scriptFolder);
    await vscode.commands.executeCommand(RUN_REMEDIATION, await lensArgument(FULL));

    assert.equal(scripted.confirms.length, 1);
    assert.deepEqual(newRecords(), []);
    assert.deepEqual(scripted.notices, []);
    assert.deepEqual(scriptFiles(hooks.scriptFolder), filesBefore);
  });

  it('rejects a check part that changes state', async () => {
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument('controls/EDCA-SEC-951.json'));

    assert.deepEqual(scripted.notices, [
      {
        kind: 'error',
        message:
          'EDCA-SEC-951: The check part changes state at line 3 (Set-OrganizationConfig), so it cannot run as a read-only check. ' +
          'Move these lines below the "# === REMEDIATION ===" header. Nothing was run.',
      },
    ]);
    assert.deepEqual(newRecords(), []);
    assert.equal(terminalsNamed('EDCA-SEC-951').length, 0);
  });

  it('reports the exit code of a failing check', async () => {
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument('controls/EDCA-SEC-953.json'));

    assert.deepEqual(scripted.notices, [
      { kind: 'warning', message: 'The check of EDCA-SEC-953 failed with exit code 3. See the terminal "EDCA-SEC-953".' },
    ]);
  });

  it('runs a control with a hostile id', async () => {
    // Quotes, a semicolon, $( ) and a backtick in the id and the file name.
    const relative = "controls/EDCA-SEC-954'; $(New-Item pwned) `x.json";
    const id = "EDCA-SEC-954'; $(New-Item pwned) `\"";
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument(relative));

    assert.deepEqual(scripted.notices, [{ kind: 'info', message: `The check of ${id} finished with exit code 0.` }]);
    const [runner, script] = runRecords();
    assert.equal(path.dirname(runner?.path ?? ''), hooks.scriptFolder);
    assert.equal(path.dirname(script?.path ?? ''), hooks.scriptFolder);
    assert.equal(script?.content, `${templateOf(relative)}\n`);
    const inputs = newRecords().filter((record) => record.event === 'input').map((record) => record.line);
    assert.deepEqual(inputs, [`& '${runner?.path ?? ''}'`]);
    assert.equal(terminalsNamed(id).length, 1);
  });

  it('runs a control of a catalogue', async () => {
    await vscode.commands.executeCommand(RUN_CHECK, await lensArgument('catalogue/controls.json', 1));

    assert.deepEqual(scripted.notices, [{ kind: 'info', message: 'The check of EDCA-SEC-961 finished with exit code 0.' }]);
    assert.deepEqual(scriptContents(), ['# === DIAGNOSTICS ===\nGet-OwaVirtualDirectory | Select-Object Name, LogonFormat\n']);
  });

  it('reports a missing PowerShell without a terminal', async () => {
    await setRunSetting('powershell.path', '/nonexistent/pwsh');
    const terminalCount = vscode.window.terminals.length;
    try {
      await vscode.commands.executeCommand(RUN_CHECK, await lensArgument('controls/EDCA-SEC-953.json'));
    } finally {
      await setRunSetting('powershell.path', STAND_IN);
    }

    assert.deepEqual(scripted.notices, [
      {
        kind: 'error',
        message:
          'PowerShell was not found: /nonexistent/pwsh (from controlStudio.powershell.path) does not exist or is not an executable file. ' +
          'Install PowerShell 7, or set controlStudio.powershell.path in your user settings to the full path of pwsh or powershell.exe.',
      },
    ]);
    assert.equal(vscode.window.terminals.length, terminalCount);
    assert.deepEqual(newRecords(), []);
  });
});
