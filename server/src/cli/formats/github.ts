import { eachFinding, type Report } from './report';

// Workflow commands: data escapes %, CR and LF; properties also escape : and ,.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMANDS = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Formats findings as GitHub Actions workflow annotations. */
export function formatGithub(report: Report): string {
  return [...githubLines(report)].join('');
}

/** Yields formatGithub's lines one at a time, each with its line end. */
export function* githubLines(report: Report): Generator<string> {
  for (const { file, finding } of eachFinding(report.results)) {
    const { start, end } = finding.range;
    // GitHub accepts columns only when the annotation starts and ends on the same line.
    const oneLine = start.line === end.line;
    const properties = [
      `file=${escapeProperty(file)}`,
      `line=${start.line + 1}`,
      ...(oneLine ? [`col=${start.character + 1}`] : []),
      `endLine=${end.line + 1}`,
      ...(oneLine ? [`endColumn=${end.character + 1}`] : []),
      `title=${escapeProperty(finding.rule)}`,
    ];
    yield `::${COMMANDS[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}\n`;
  }
  for (const problem of report.problems) {
    yield `::error file=${escapeProperty(problem.path)},title=control-lint::${escapeData(problem.message)}\n`;
  }
}
