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
import { invocationLine } from './powershell-quoting';

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

/** Returns the text of a script file: the script as it is, ending with a line break. */
export function scriptFileText(script: string): string {
  return script.endsWith('\n') ? script : `${script}\n`;
}

/**
 * Returns the text of the file that runs a script file with What If. It sets
 * $WhatIfPreference globally, so that functions of modules (which do not see
 * the caller's script scope) get it too, and restores it when the script ends,
 * even when it fails or is stopped. Keeping the guard out of the script file
 * leaves a `param()` block first in it, and its line numbers those of the
 * template.
 */
export function whatIfRunnerText(scriptFile: string): string {
  return [
    '$controlStudioWhatIf = $global:WhatIfPreference',
    '$global:WhatIfPreference = $true',
    'try {',
    `  ${invocationLine(scriptFile)}`,
    '} finally {',
    '  $global:WhatIfPreference = $controlStudioWhatIf',
    '}',
    '',
  ].join('\n');
}

/** Lists changes one per line as `line 12: Set-X -Y 1`, cutting long lines and long lists. */
export function describeChanges(changes: readonly ChangeLine[], maxLines = 15): string {
  // A line with two commands is listed once.
  const lines = changes.filter((change, index) => changes.findIndex((other) => other.line === change.line) === index);
  const listed = lines.slice(0, maxLines).map((change) => `line ${change.line + 1}: ${truncate(change.text, 120)}`);
  const hidden = lines.length - maxLines;
  if (hidden > 0) listed.push(`and ${hidden} more line${hidden === 1 ? '' : 's'}`);
  return listed.join('\n');
}

function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
