// Shared set-up of the run suite: the extension's test hooks, a scripted UI,
// the PowerShell stand-in and its log.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ControlStudioExports } from '../../../client/src/extension';
import type { RunTestHooks } from '../../../client/src/run/commands';
import type { ConfirmRequest, ControlPickItem, NoticeKind, PlaceholderRequest, RunUi } from '../../../client/src/run/ui';

const EXTENSION_ID = 'control-studio.control-studio';
/** The repository root; compiled tests run from out/test/e2e/run. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** The stand-in that announces shell integration, and the one that does not. */
export const STAND_IN = path.join(REPO_ROOT, 'test', 'e2e', 'stand-in', 'fake-pwsh.mjs');
export const PLAIN_STAND_IN = path.join(REPO_ROOT, 'test', 'e2e', 'stand-in', 'fake-pwsh-plain.mjs');
/** The stand-in's log; LOG_FILE in stand-in.mjs names the same file. */
const STAND_IN_LOG = path.join(os.tmpdir(), 'control-studio-stand-in.jsonl');

export const RUN_CHECK = 'controlStudio.runCheck';
export const RUN_WHAT_IF = 'controlStudio.runRemediationWhatIf';
export const RUN_REMEDIATION = 'controlStudio.runRemediation';
export const OPEN_SCRIPT = 'controlStudio.openScriptTemplate';

/** One line of the stand-in's log. */
export interface StandInRecord {
  event: 'start' | 'input' | 'run' | 'missing' | 'interrupt';
  pid: number;
  argv?: string[];
  line?: string;
  operator?: '&' | '.';
  path?: string;
  /** The file whose `& '<file>'` line ran this one. */
  calledFrom?: string;
  bom?: boolean;
  mode?: number;
  content?: string;
}

export async function runHooks(): Promise<RunTestHooks> {
  const extension = vscode.extensions.getExtension<ControlStudioExports>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const exports = await extension.activate();
  assert.ok(exports.run, 'the extension returned no run hooks; is it in test mode?');
  return exports.run;
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** The script template of a fixture control, read with JSON.parse. */
export function templateOf(relative: string): string {
  const control = JSON.parse(fs.readFileSync(workspaceFile(relative).fsPath, 'utf8')) as { remediation: { scriptTemplate: string } };
  return control.remediation.scriptTemplate;
}

/** Returns the CodeLens argument that names the control with the `index`th script template of a file. */
export async function lensArgument(relative: string, index = 0): Promise<{ uri: string; offset: number }> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  let offset = -1;
  for (let found = 0; found <= index; found++) offset = document.getText().indexOf('"scriptTemplate"', offset + 1);
  assert.ok(offset >= 0, `${relative} has no scriptTemplate number ${index + 1}`);
  return { uri: document.uri.toString(), offset };
}

/** Sets a machine-scoped run setting where VS Code keeps it: the (remote) machine settings. */
export async function setRunSetting(key: 'powershell.path' | 'powershell.preamble', value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('controlStudio').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Reads the stand-in's log from the record after `from` on. */
export function standInRecords(from = 0): StandInRecord[] {
  if (!fs.existsSync(STAND_IN_LOG)) return [];
  const lines = fs.readFileSync(STAND_IN_LOG, 'utf8').split('\n').filter((line) => line !== '');
  return lines.slice(from).map((line) => JSON.parse(line) as StandInRecord);
}

/**
 * Returns the run records of control scripts: the files that the terminal
 * received, or that a What If runner file called, but not the runner files.
 */
export function scriptRuns(records: readonly StandInRecord[]): StandInRecord[] {
  const runs = records.filter((record) => record.event === 'run');
  const callers = new Set(runs.map((record) => record.calledFrom));
  return runs.filter((record) => !callers.has(record.path));
}

/** Returns the What If runner text that calls `scriptFile`, as the extension writes it. */
export function whatIfRunner(scriptFile: string): string {
  return [
    '$controlStudioWhatIf = $global:WhatIfPreference',
    '$global:WhatIfPreference = $true',
    'try {',
    `  & '${scriptFile.replace(/'/g, "''")}'`,
    '} finally {',
    '  $global:WhatIfPreference = $controlStudioWhatIf',
    '}',
    '',
  ].join('\n');
}

/** Fires when a file in the folder changes, for waitUntil's recheckOn. */
export function watchFolder(folder: string): { event: vscode.Event<void>; dispose(): void } {
  fs.mkdirSync(folder, { recursive: true });
  const emitter = new vscode.EventEmitter<void>();
  const watcher = fs.watch(folder, () => emitter.fire());
  return {
    event: emitter.event,
    dispose: () => {
      watcher.close();
      emitter.dispose();
    },
  };
}

export function standInLogFolder(): string {
  return path.dirname(STAND_IN_LOG);
}

export function scriptFiles(folder: string | undefined): string[] {
  assert.ok(folder, 'the extension has no script folder');
  return fs.existsSync(folder) ? fs.readdirSync(folder) : [];
}

export function terminalsNamed(name: string): vscode.Terminal[] {
  return vscode.window.terminals.filter((terminal) => terminal.name === name);
}

export interface Notice {
  kind: NoticeKind;
  message: string;
}

/** A run UI that replies from its fields and records every request. */
export class ScriptedUi {
  trusted = true;
  confirmAnswer = true;
  placeholderAnswers: Record<string, string | undefined> = {};
  pickAnswer: string | undefined;

  readonly notices: Notice[] = [];
  readonly confirms: ConfirmRequest[] = [];
  readonly placeholderRequests: PlaceholderRequest[] = [];
  readonly pickedFrom: string[][] = [];

  ui(): Partial<RunUi> {
    return {
      isTrusted: () => this.trusted,
      confirm: (request) => {
        this.confirms.push(request);
        return Promise.resolve(this.confirmAnswer);
      },
      askPlaceholder: (request) => {
        this.placeholderRequests.push(request);
        return Promise.resolve(this.placeholderAnswers[request.name]);
      },
      pickControl: <T extends ControlPickItem>(items: readonly T[]): Promise<T | undefined> => {
        this.pickedFrom.push(items.map((item) => item.id));
        return Promise.resolve(items.find((item) => item.id === this.pickAnswer));
      },
      notify: (kind, message) => {
        this.notices.push({ kind, message });
        return Promise.resolve(undefined);
      },
    };
  }
}
