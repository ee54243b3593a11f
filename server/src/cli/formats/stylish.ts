import { countFindings, eachFinding, plural, type Report } from './report';

/** Formats one line per finding, `path:line:column severity rule message`, then a summary. */
export function formatStylish(report: Report): string {
  const lines: string[] = [];
  for (const { file, finding } of eachFinding(report.results)) {
    const { line, character } = finding.range.start;
    lines.push(`${file}:${line + 1}:${character + 1} ${finding.severity} ${finding.rule} ${finding.message}`);
  }
  const counts = countFindings(report.results);
  const total = counts.errors + counts.warnings + counts.infos;
  const files = plural(report.fileCount, 'file');
  if (total === 0) {
    lines.push(`No problems found in ${files}.`);
  } else {
    const parts = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${counts.infos} info`;
    lines.push(`${plural(total, 'problem')} (${parts}) in ${files}.`);
  }
  return `${lines.join('\n')}\n`;
}
