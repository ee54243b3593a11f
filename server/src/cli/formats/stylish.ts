import { countFindings, plural, type Report } from './report';

/** Formats one line per finding, `path:line:column severity rule message`, then a summary. */
export function formatStylish(report: Report): string {
  return `${[...stylishLines(report)].join('\n')}\n`;
}

/** Yields the lines of formatStylish's output one at a time, without line ends. */
export function* stylishLines(report: Report): Generator<string> {
  for (const result of report.results) {
    const findings = result.findings;
    if (findings.length === 0) continue;
    // Each line starts with the file, so it is escaped once per file.
    const file = escapeControls(result.file);
    for (const finding of findings) {
      const { line, character } = finding.range.start;
      yield `${file}:${line + 1}:${character + 1} ${finding.severity} ${finding.rule} ${escapeControls(finding.message)}`;
    }
  }
  yield summarize(report);
}

// Keeps each finding on one line: a message can quote text from a control that
// contains a line break, e.g. a discouraged phrase split by "\n". Control
// characters are written as JSON escapes, as they appear in the control file.
function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f]/g, (char) => JSON.stringify(char).slice(1, -1));
}

// Under --quiet the summary counts errors only, because warnings and info were not reported.
function summarize(report: Report): string {
  const counts = countFindings(report.results);
  const files = plural(report.fileCount, 'file');
  if (report.fileCount === 0) return 'No files were linted.';
  if (report.quiet && counts.errors === 0) return `No errors found in ${files}.`;
  if (report.quiet) return `${plural(counts.errors, 'error')} in ${files}.`;
  const total = counts.errors + counts.warnings + counts.infos;
  if (total === 0) return `No problems found in ${files}.`;
  const parts = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${counts.infos} info`;
  return `${plural(total, 'problem')} (${parts}) in ${files}.`;
}
