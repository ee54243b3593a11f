// The part of the template that each run command executes, the reasons that
// stop it, and the text of the script file that PowerShell runs. The parts come from the shared template analysis,
// the same one that `control-lint script` uses.
import {
  analyzeTemplate,
  liveChangesInCheck,
  type StateChange,
  type TemplateAnalysis,
  templateParts,
} from '../../../server/src/core/template';

/** `check` runs the diagnostics part; `whatIf` and `remediation` run the whole template. */
export type RunMode = 'check' | 'whatIf' | 'remediation';

/** A live state-changing command with the text of its line. */
export interface ChangeLine {
  /** 0-based line in the script template. */
  line: number;
  command: string;
  text: string;
}

/** The script a run command executes, before its placeholders are filled in. */
export interface RunPlan {
  mode: RunMode;
  /** The part of the template that runs; it always starts at the template's first line. */
  script: string;
  /** Analysis of `script`, with its placeholders. */
  analysis: TemplateAnalysis;
  /** Live (uncommented) state-changing commands in `script`. */
  changes: ChangeLine[];
  /** The live commands among `changes` that are external programs, which ignore $WhatIfPreference. */
  externalChanges: ChangeLine[];
}

// The guard that makes cmdlets supporting -WhatIf report instead of act. It
// goes on the script's first line so that the line numbers in PowerShell's
// error messages are those of the template.
const WHAT_IF_GUARD = '$WhatIfPreference = $true; ';

/** Returns what a run command executes, or why it must not run. */
export function planRun(template: string, mode: RunMode): RunPlan | { refusal: string } {
  const whole = analyzeTemplate(template);
  if (mode !== 'check') return plan(mode, template);
  const live = liveChangesInCheck(whole);
  if (live.length > 0) {
    const where = live.map((change) => `line ${change.line + 1} (${change.command})`).join(', ');
    return {
      refusal:
        `The check part changes state at ${where}, so it cannot run as a read-only check. ` +
        'Move these lines below the "# === REMEDIATION ===" header.',
    };
  }
  const check = templateParts(whole).check;
  if (!check.text.split('\n').some((line, index) => !whole.lines[index]?.comment && line.trim() !== '')) {
    return { refusal: 'The template has no check part: it has no command before its remediation part.' };
  }
  return plan(mode, check.text);
}

function plan(mode: RunMode, script: string): RunPlan {
  const analysis = analyzeTemplate(script);
  const changes = analysis.stateChanges
    .filter((change) => !change.commented)
    .map((change) => changeLine(analysis, change));
  return { mode, script, analysis, changes, externalChanges: changes.filter((change) => isExternal(change.command)) };
}

function changeLine(analysis: TemplateAnalysis, change: StateChange): ChangeLine {
  return { line: change.line, command: change.command, text: analysis.lines[change.line]?.text.trim() ?? '' };
}

// Cmdlets are named Verb-Noun; the analysis reports external programs (iisreset, netsh, sc) by their bare name.
function isExternal(command: string): boolean {
  return !/^[A-Za-z]+-[A-Za-z]/.test(command);
}

/** Builds the text of the script file that runs: the script, with the What If guard unless the mode is `remediation`. */
export function scriptFileText(mode: RunMode, script: string): string {
  const guard = mode === 'remediation' ? '' : WHAT_IF_GUARD;
  return `${guard}${script}${script.endsWith('\n') ? '' : '\n'}`;
}

/** Lists changes one per line as `line 12: Set-X -Y 1`, cutting long lines and long lists. */
export function describeChanges(changes: readonly ChangeLine[], maxLines = 15): string {
  // A line with two commands is listed once.
  const lines = changes.filter((change, index) => changes.findIndex((other) => other.line === change.line) === index);
  const shown = lines.slice(0, maxLines).map((change) => `line ${change.line + 1}: ${truncate(change.text, 120)}`);
  const hidden = lines.length - maxLines;
  if (hidden > 0) shown.push(`and ${hidden} more line${hidden === 1 ? '' : 's'}`);
  return shown.join('\n');
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
