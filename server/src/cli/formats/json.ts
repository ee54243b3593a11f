import { countFindings, jsonWithArray, type Report, type ReportedFile } from './report';

/** Formats the report as JSON, with 0-based LSP ranges. */
export function formatJson(report: Report): string {
  return [...jsonPieces(report)].join('');
}

/** Yields formatJson's text in pieces, one file's findings at a time. */
export function* jsonPieces(report: Report): Generator<string> {
  const summary = { files: report.fileCount, ...countFindings(report.results) };
  yield* jsonWithArray((files) => ({ files, problems: report.problems, summary }), fileEntries(report.results));
  yield '\n';
}

function* fileEntries(results: readonly ReportedFile[]): Generator<object> {
  for (const result of results) {
    yield {
      path: result.file,
      kind: result.kind,
      findings: result.findings.map((finding) => ({
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        range: finding.range,
      })),
    };
  }
}
