import * as assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { RunTestHooks } from '../../../client/src/run/commands';
import {
  lensArgument,
  RUN_CHECK,
  RUN_REMEDIATION,
  RUN_WHAT_IF,
  runHooks,
  ScriptedUi,
  setRunSetting,
  STAND_IN,
  standInRecords,
  workspaceFile,
} from './helpers';

// The e2e runner starts VS Code with workspace trust disabled, so every
// workspace is trusted. These tests check the manifest's `when` clauses and
// the commands' own check through the test hooks instead of an untrusted window.

interface MenuEntry {
  command: string;
  when?: string;
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string; enablement?: string }>;
    menus: Record<string, MenuEntry[]>;
    configuration: { properties: Record<string, { scope?: string }> };
  };
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
}

const RUN_COMMANDS = [RUN_CHECK, RUN_WHAT_IF, RUN_REMEDIATION];

function manifest(): Manifest {
  const extension = vscode.extensions.getExtension('control-studio.control-studio');
  assert.ok(extension, 'extension not installed');
  return extension.packageJSON as Manifest;
}

describe('run commands and workspace trust', () => {
  let hooks: RunTestHooks;
  let scripted: ScriptedUi;
  let restoreUi: vscode.Disposable;

  before(async () => {
    hooks = await runHooks();
    await setRunSetting('powershell.path', STAND_IN);
  });

  beforeEach(() => {
    scripted = new ScriptedUi();
    restoreUi = hooks.setUi(scripted.ui());
  });

  afterEach(() => restoreUi.dispose());

  it('requires trust in every menu entry', () => {
    const { commands, menus } = manifest().contributes;
    for (const command of RUN_COMMANDS) {
      assert.equal(commands.find((entry) => entry.command === command)?.enablement, 'isWorkspaceTrusted', `${command} enablement`);
      for (const [menu, entries] of Object.entries(menus)) {
        for (const entry of entries.filter((e) => e.command === command)) {
          assert.match(entry.when ?? '', /(^|&& )isWorkspaceTrusted( &&|$)/, `${command} in ${menu}`);
        }
      }
      assert.ok(menus.commandPalette?.some((entry) => entry.command === command), `${command} not in commandPalette`);
    }
  });

  it('restricts the machine-scoped run settings', () => {
    const { capabilities, contributes } = manifest();
    const settings = ['controlStudio.powershell.path', 'controlStudio.powershell.preamble'];
    for (const setting of settings) assert.ok(capabilities.untrustedWorkspaces.restrictedConfigurations?.includes(setting), setting);
    for (const setting of settings) assert.equal(contributes.configuration.properties[setting]?.scope, 'machine', setting);
  });

  it('rejects runs when the workspace is untrusted', async () => {
    scripted.trusted = false;
    const logStart = standInRecords().length;
    const terminalCount = vscode.window.terminals.length;
    for (const command of RUN_COMMANDS) {
      await vscode.commands.executeCommand(command, await lensArgument('controls/EDCA-SEC-953.json'));
    }

    const message = 'Control Studio runs no scripts in an untrusted workspace. Trust the workspace to run control scripts.';
    assert.deepEqual(scripted.notices, RUN_COMMANDS.map(() => ({ kind: 'error', message })));
    assert.deepEqual(scripted.confirms, []);
    assert.deepEqual(standInRecords(logStart), []);
    assert.equal(vscode.window.terminals.length, terminalCount);
  });

  it('offers only the editor lens when untrusted', async () => {
    const uri = workspaceFile('controls/EDCA-SEC-953.json');
    const titles = async (): Promise<string[]> => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses.map((lens) => lens.command?.title ?? '');
    };
    assert.deepEqual(await titles(), ['Run Check', 'Run What If', 'Run Remediation', 'Open as PowerShell']);
    scripted.trusted = false;
    assert.deepEqual(await titles(), ['Open as PowerShell']);
  });
});
