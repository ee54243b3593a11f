// The flow of a run command: find the control, decide what runs or why it must
// not, fill in the placeholders, confirm, write the script file and run it in
// the control's terminal.
import * as vscode from 'vscode';
import { hostLookup, POWERSHELL_PATH_SETTING, resolvePowerShell } from './executable';
import { controlLabel, scriptOf } from './locate';
import { groupPlaceholders, placeholderValueProblem, substitutePlaceholders } from './placeholders';
import { describeChanges, planRun, type RunMode, type RunPlan, scriptFileText, whatIfRunnerText } from './plan';
import { describeTarget } from './preamble';
import type { ScriptStore } from './script-store';
import { type RunSettings, readRunSettings } from './settings';
import { type RunTarget, resolveTarget, type ServerControl } from './target';
import type { RunResult, RunTerminals, TerminalRequest } from './terminals';
import type { NoticeKind, RunUi } from './ui';

/** workspaceState key of the last value entered for each placeholder name. */
const PLACEHOLDER_VALUES_KEY = 'controlStudio.run.placeholderValues';

const RUN_NAMES: Record<RunMode, string> = { check: 'check', whatIf: 'What If run', remediation: 'remediation' };

export interface RunnerDependencies {
  ui(): RunUi;
  log: vscode.LogOutputChannel;
  /** The script store and the terminals; undefined when the extension has no local storage folder. */
  execution: { store: ScriptStore; terminals: RunTerminals } | undefined;
  workspaceState: vscode.Memento;
  listControls(): Promise<ServerControl[]>;
}

interface FilledScript {
  script: string;
  values: Map<string, string>;
}

export class ControlRunner {
  constructor(private readonly deps: RunnerDependencies) {}

  /** Runs a control's script template in one of the three modes. */
  async run(mode: RunMode, argument: unknown): Promise<void> {
    const ui = this.deps.ui();
    if (!ui.isTrusted()) {
      const message = 'Control Studio runs no scripts in an untrusted workspace. Trust the workspace to run control scripts.';
      await ui.notify('error', message);
      return;
    }
    const execution = this.deps.execution;
    if (!execution) {
      const message = 'Control Studio cannot run scripts: the extension has no storage folder on the local file system.';
      await ui.notify('error', message);
      return;
    }

    const target = await this.target(argument, ui);
    if (!target) return;
    const label = controlLabel(target.control);
    const runName = `the ${RUN_NAMES[mode]} of ${label}`;
    const planned = this.plan(target, mode, label);
    if ('error' in planned) {
      await ui.notify('error', planned.error);
      return;
    }

    // The executable is resolved first, so a missing one is reported before any question is asked.
    const settings = this.settings();
    const resolution = resolvePowerShell(settings.powershellPath, settings.powershellConfigured, hostLookup());
    if ('error' in resolution) {
      this.deps.log.error(resolution.error);
      void ui.notify('error', resolution.error, 'Open User Settings').then(openSettingOnChoice);
      return;
    }

    const filled = await this.fillPlaceholders(planned, label, ui);
    if (!filled) return;
    if (!(await this.confirm(planned, label, filled, settings, resolution.executable, ui))) {
      this.deps.log.info(`Cancelled ${runName}; nothing was run.`);
      return;
    }

    // Checks and What If runs start a runner file that sets $WhatIfPreference and calls the script file.
    const scriptFile = await execution.store.write(scriptFileText(filled.script));
    const entryFile = mode === 'remediation' ? scriptFile : await execution.store.write(whatIfRunnerText(scriptFile));
    this.deps.log.info(`Running ${runName} from ${scriptFile}.`);
    const request = terminalRequest(target, label, resolution.executable, settings);
    const result = await execution.terminals.run(request, entryFile, [scriptFile]);
    const notice = resultNotice(result, runName);
    await ui.notify(notice.kind, notice.message);
  }

  private async target(argument: unknown, ui: RunUi): Promise<RunTarget | undefined> {
    const target = await resolveTarget(argument, { ui, listControls: () => this.deps.listControls() });
    if (target && 'error' in target) {
      await ui.notify('error', target.error);
      return undefined;
    }
    return target;
  }

  private plan(target: RunTarget, mode: RunMode, label: string): RunPlan | { error: string } {
    const template = scriptOf(target.control);
    if (template === undefined) {
      return { error: `${label} has no remediation.scriptTemplate string, so there is nothing to run.` };
    }
    const planned = planRun(template, mode);
    return 'refusal' in planned ? { error: `${label}: ${planned.refusal} Nothing was run.` } : planned;
  }

  // Asks for each placeholder's value, offering the last one entered in this workspace.
  private async fillPlaceholders(plan: RunPlan, label: string, ui: RunUi): Promise<FilledScript | undefined> {
    const remembered = this.deps.workspaceState.get<Record<string, string>>(PLACEHOLDER_VALUES_KEY) ?? {};
    const values = new Map<string, string>();
    for (const group of groupPlaceholders(plan.analysis.placeholders)) {
      const value = await ui.askPlaceholder({
        control: label,
        name: group.name,
        lines: group.lines.map((line) => line + 1),
        value: Object.hasOwn(remembered, group.name) ? remembered[group.name] : undefined,
        validate: placeholderValueProblem,
      });
      if (value === undefined) {
        await ui.notify('error', `${label}: no value was entered for the placeholder ${group.name}, so nothing was run.`);
        return undefined;
      }
      values.set(group.name, value);
    }
    const result = substitutePlaceholders(plan.script, plan.analysis.placeholders, values);
    if ('problems' in result) {
      await ui.notify('error', `${label}: a placeholder has no valid value, so nothing was run. ${result.problems.join(' ')}`);
      return undefined;
    }
    if (values.size > 0) {
      await this.deps.workspaceState.update(PLACEHOLDER_VALUES_KEY, { ...remembered, ...Object.fromEntries(values) });
    }
    return { script: result.script, values };
  }

  private settings(): RunSettings {
    const settings = readRunSettings();
    for (const name of settings.ignoredWorkspaceValues) {
      this.deps.log.warn(`Ignoring ${name} in the workspace settings: only user settings may set it.`);
    }
    return settings;
  }

  private confirm(
    plan: RunPlan,
    label: string,
    filled: FilledScript,
    settings: RunSettings,
    executable: string,
    ui: RunUi,
  ): Promise<boolean> {
    if (plan.mode === 'remediation') {
      const detail = remediationDetail(plan, filled, settings, executable);
      return ui.confirm({ message: `Run the remediation of ${label}?`, detail, action: 'Run Remediation' });
    }
    if (plan.mode === 'whatIf' && plan.externalChanges.length > 0) {
      const detail =
        'These external programs change state even though $WhatIfPreference is set:\n' +
        `${describeChanges(plan.externalChanges)}\n\nRun the template with What If anyway?`;
      return ui.confirm({ message: `${label} runs commands that ignore What If`, detail, action: 'Run Anyway' });
    }
    return Promise.resolve(true);
  }
}

// The notification that reports how a run ended.
function resultNotice(result: RunResult, runName: string): { kind: NoticeKind; message: string } {
  const terminal = `the terminal "${result.terminalName}"`;
  const sentence = capitalize(runName);
  switch (result.kind) {
    case 'finished':
      if (result.exitCode === undefined) {
        return { kind: 'info', message: `${sentence} finished; the shell reported no exit code.` };
      }
      if (result.exitCode === 0) return { kind: 'info', message: `${sentence} finished with exit code 0.` };
      return { kind: 'warning', message: `${sentence} failed with exit code ${result.exitCode}. See ${terminal}.` };
    case 'sent':
      return {
        kind: 'info',
        message:
          `${sentence} was sent to ${terminal}. ` + 'Its exit code is not shown because shell integration is not active there.',
      };
    case 'closed':
      return { kind: 'warning', message: `${capitalize(terminal)} closed before ${runName} finished.` };
    case 'preambleFailed':
      return {
        kind: 'error',
        message:
          `The session preamble failed with exit code ${result.exitCode} in ${terminal}, so ${runName} did not run. ` +
          'Check controlStudio.powershell.preamble.',
      };
  }
}

function remediationDetail(plan: RunPlan, filled: FilledScript, settings: RunSettings, executable: string): string {
  const commented = plan.analysis.stateChanges.filter((change) => change.commented).length;
  const changes =
    plan.changes.length > 0
      ? `These lines change state and run without What If:\n${describeChanges(plan.changes)}`
      : `No uncommented line changes state${commented > 0 ? `; ${commented} commented-out commands do not run` : ''}.`;
  const lines = [`Target: ${describeTarget(settings.preamble)}`, `PowerShell: ${executable}`, '', changes];
  if (filled.values.size > 0) {
    const shorten = (value: string): string => (value.length > 60 ? `${value.slice(0, 59)}…` : value);
    const values = [...filled.values].map(([name, value]) => `${name} = ${shorten(value)}`);
    lines.push('', `Placeholder values: ${values.join(', ')}`);
  }
  return lines.join('\n');
}

function terminalRequest(target: RunTarget, label: string, executable: string, settings: RunSettings): TerminalRequest {
  const { control, document } = target;
  return {
    key: control.id ? control.id.toUpperCase() : `${document.uri.toString()}#${control.ref.index ?? ''}`,
    // The name is shown only; control characters are replaced so it stays on one line.
    name: label.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ').slice(0, 80),
    executable,
    preamble: settings.preamble,
    cwd: vscode.workspace.getWorkspaceFolder(document.uri)?.uri,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function openSettingOnChoice(choice: string | undefined): void {
  if (choice === 'Open User Settings') {
    void vscode.commands.executeCommand('workbench.action.openSettings', POWERSHELL_PATH_SETTING);
  }
}
