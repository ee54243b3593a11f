import type { Config } from './config';
import type { Finding } from './types';
import type { ControlSummary } from './rules/rule';

/** A linted file with the summaries of its controls. */
export interface SummarizedFile {
  file: string;
  findings: readonly Finding[];
  controls: readonly ControlSummary[];
}

const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'];

/** Writes a Markdown overview of a catalogue: counts by category and severity, by framework, and the failing controls. */
export function catalogueReport(results: readonly SummarizedFile[], config: Config): string {
  const controls = results.flatMap((result) => result.controls);
  return [
    '# Catalogue overview',
    '',
    `${controls.length} controls in ${results.length} files.`,
    '',
    ...categoryTable(controls, config),
    '',
    ...frameworkTable(controls, config),
    '',
    ...failingControls(results),
  ].join('\n');
}

function categoryTable(controls: readonly ControlSummary[], config: Config): string[] {
  const categories = [...Object.values(config.categories)];
  for (const control of controls) if (control.category && !categories.includes(control.category)) categories.push(control.category);
  const lines = ['## Controls by category and severity', '', `| category | ${SEVERITIES.join(' | ')} | other | total |`, `|---|${'---:|'.repeat(SEVERITIES.length + 2)}`];
  for (const category of categories) {
    const inCategory = controls.filter((control) => control.category === category);
    const cells = SEVERITIES.map((severity) => inCategory.filter((control) => control.severity === severity).length);
    const other = inCategory.length - cells.reduce((sum, count) => sum + count, 0);
    lines.push(`| ${category} | ${cells.join(' | ')} | ${other} | ${inCategory.length} |`);
  }
  const totals = SEVERITIES.map((severity) => controls.filter((control) => control.severity === severity).length);
  const other = controls.length - totals.reduce((sum, count) => sum + count, 0);
  lines.push(`| **total** | ${totals.join(' | ')} | ${other} | ${controls.length} |`);
  return lines;
}

function frameworkTable(controls: readonly ControlSummary[], config: Config): string[] {
  const frameworks = ['Best Practice', ...Object.keys(config.frameworkHosts)];
  for (const control of controls) for (const framework of control.frameworks) if (!frameworks.includes(framework)) frameworks.push(framework);
  const lines = ['## Controls by framework', '', '| framework | controls |', '|---|---:|'];
  for (const framework of frameworks) {
    lines.push(`| ${framework} | ${controls.filter((control) => control.frameworks.includes(framework)).length} |`);
  }
  return lines;
}

// One row per control with findings at error or warning level, worst first.
function failingControls(results: readonly SummarizedFile[]): string[] {
  const rows: Array<{ label: string; file: string; errors: number; warnings: number; rules: string[] }> = [];
  for (const result of results) {
    // Read once per file: a stored result builds its findings on each read.
    const findings = result.findings;
    for (const control of result.controls) {
      const inside = findings.filter((finding) => finding.severity !== 'info' && within(finding.range.start, control));
      if (inside.length === 0) continue;
      rows.push({
        label: control.id?.id ?? '(no id)',
        file: `${result.file}:${control.range.start.line + 1}`,
        errors: inside.filter((finding) => finding.severity === 'error').length,
        warnings: inside.filter((finding) => finding.severity === 'warning').length,
        rules: [...new Set(inside.map((finding) => finding.rule))].sort(),
      });
    }
  }
  rows.sort((a, b) => b.errors - a.errors || b.warnings - a.warnings || a.label.localeCompare(b.label));
  if (rows.length === 0) return ['## Controls failing rules', '', 'None: no control has errors or warnings.', ''];
  const lines = ['## Controls failing rules', '', '| control | file | errors | warnings | rules |', '|---|---|---:|---:|---|'];
  for (const row of rows) lines.push(`| ${row.label} | ${row.file} | ${row.errors} | ${row.warnings} | ${row.rules.join(', ')} |`);
  lines.push('');
  return lines;
}

function within(position: { line: number; character: number }, control: ControlSummary): boolean {
  const { start, end } = control.range;
  if (position.line < start.line || position.line > end.line) return false;
  if (position.line === start.line && position.character < start.character) return false;
  return !(position.line === end.line && position.character > end.character);
}
