import type { DocumentKind } from '../../core/lint';
import type { Finding } from '../../core/types';
import type { InputProblem } from '../files';

/** The findings of one linted file. */
export interface ReportedFile {
  file: string;
  kind: DocumentKind;
  findings: readonly Finding[];
  /** Adds the file's findings to `counts` by severity, where that is cheaper than reading `findings`. */
  addCounts?(counts: Counts): void;
}

/** Everything a formatter prints: the findings per file, with paths relative to the working folder. */
export interface Report {
  results: readonly ReportedFile[];
  problems: InputProblem[];
  fileCount: number;
  /** Set by --quiet, when the findings contain errors only. */
  quiet: boolean;
  packageRoot: string;
  version: string;
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countFindings(results: readonly ReportedFile[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const result of results) {
    if (result.addCounts) {
      result.addCounts(counts);
      continue;
    }
    for (const finding of result.findings) {
      if (finding.severity === 'error') counts.errors++;
      else if (finding.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
  }
  return counts;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Yields each finding with its file, in report order. */
export function* eachFinding(results: readonly ReportedFile[]): Generator<{ file: string; finding: Finding }> {
  for (const result of results) {
    for (const finding of result.findings) yield { file: result.file, finding };
  }
}

// The placeholder for the array that jsonWithArray writes item by item. JSON.stringify
// writes a NUL character as an escape. So the marker's text can only come from
// a value that starts with a NUL character, and no path or message of a report does.
const ARRAY_MARKER = '\u0000control-lint array\u0000';

/**
 * Yields the text of JSON.stringify(valueWith(items), null, 2) in pieces. The
 * items are formatted one at a time, so a large array is never held as one
 * string. `valueWith` builds the value around the array it is given.
 */
export function* jsonWithArray(valueWith: (array: unknown) => object, items: Iterable<unknown>): Generator<string> {
  const text = JSON.stringify(valueWith(ARRAY_MARKER), null, 2);
  const quoted = JSON.stringify(ARRAY_MARKER);
  const at = text.indexOf(quoted);
  if (at < 0 || text.indexOf(quoted, at + 1) >= 0) {
    yield JSON.stringify(valueWith([...items]), null, 2);
    return;
  }
  // JSON.stringify puts each array element on its own line, indented one step more than the line with its key.
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = ' '.repeat(text.slice(lineStart).search(/[^ ]/));
  const itemIndent = `${indent}  `;
  yield text.slice(0, at);
  let first = true;
  for (const item of items) {
    yield `${first ? '[' : ','}\n${itemIndent}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${itemIndent}`)}`;
    first = false;
  }
  yield first ? '[]' : `\n${indent}]`;
  yield text.slice(at + quoted.length);
}
