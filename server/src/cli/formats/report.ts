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
