import { countFindings, type Report } from './report';

/** Formats the report as JSON, with 0-based LSP ranges. */
export function formatJson(report: Report): string {
  const files = report.results.map((result) => ({
    path: result.file,
    kind: result.kind,
    findings: result.findings.map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      range: finding.range,
    })),
  }));
  const summary = { files: report.fileCount, ...countFindings(report.results) };
  return `${JSON.stringify({ files, problems: report.problems, summary }, null, 2)}\n`;
}
