import { byPosition, type DocumentKind, type LintSetFile } from './lint';
import { FIELDS, type PackedFindings, readFinding, readSeverity, writeFindings } from './packed';
import type { ControlIds, ControlSummary, IdOccurrence } from './rules/rule';
import { copyString } from './strings';
import { stableSort } from './sort';
import type { Finding, Range, Severity } from './types';

// A run over a large tree keeps every file's findings until the report is
// written, so they are kept in few objects: rows of a FindingTable for what
// lintText found, and single objects for the findings added later. A Finding
// with its Range is five objects.

/** A finding kept after its document is gone, without fixes. */
export class StoredFinding implements Finding {
  constructor(
    readonly rule: string,
    readonly severity: Severity,
    readonly message: string,
    readonly offset: number,
    readonly length: number,
    private readonly startLine: number,
    private readonly startCharacter: number,
    private readonly endLine: number,
    private readonly endCharacter: number,
  ) {}

  get range(): Range {
    return rangeOf(this.startLine, this.startCharacter, this.endLine, this.endCharacter);
  }
}

/** A control id and its location, kept after the document is gone. */
export class StoredOccurrence implements IdOccurrence {
  constructor(
    readonly id: string,
    readonly offset: number,
    readonly length: number,
    private readonly startLine: number,
    private readonly startCharacter: number,
    private readonly endLine: number,
    private readonly endCharacter: number,
  ) {}

  get range(): Range {
    return rangeOf(this.startLine, this.startCharacter, this.endLine, this.endCharacter);
  }
}

function rangeOf(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/**
 * Keeps one copy of each message. Most messages recur across a catalogue,
 * e.g. the same missing section in many script templates.
 */
export class MessagePool {
  private readonly messages = new Map<string, string>();

  intern(message: string): string {
    const known = this.messages.get(message);
    if (known !== undefined) return known;
    const copy = copyString(message);
    this.messages.set(copy, copy);
    return copy;
  }
}

/**
 * The findings of a whole run in one growing Int32Array, eight numbers per
 * finding, and one array of messages. Results refer to their rows.
 */
export class FindingTable {
  private numbers = new Int32Array(FIELDS * 4096);
  private readonly messages: string[] = [];

  constructor(private readonly pool: MessagePool) {}

  /** Adds findings and returns the index of the first. */
  add(findings: readonly Finding[]): number {
    const first = this.messages.length;
    this.reserve(findings.length);
    writeFindings(findings, this.numbers, first * FIELDS);
    for (const finding of findings) this.messages.push(this.pool.intern(finding.message));
    return first;
  }

  /** Adds packed findings, such as a worker's, and returns the index of the first. */
  addPacked(packed: PackedFindings): number {
    const first = this.messages.length;
    this.reserve(packed.messages.length);
    this.numbers.set(packed.numbers, first * FIELDS);
    for (const message of packed.messages) this.messages.push(this.pool.intern(message));
    return first;
  }

  /** Rebuilds the finding at `index`. */
  finding(index: number): Finding {
    return readFinding(this.numbers, index * FIELDS, this.messages[index] as string);
  }

  severity(index: number): Severity {
    return readSeverity(this.numbers, index * FIELDS);
  }

  private reserve(count: number): void {
    const needed = (this.messages.length + count) * FIELDS;
    if (needed <= this.numbers.length) return;
    const grown = new Int32Array(Math.max(needed, this.numbers.length * 2));
    grown.set(this.numbers);
    this.numbers = grown;
  }
}

/**
 * The lint result of one file as a report keeps it: its own findings as rows
 * of a FindingTable, and the findings of cross-file rules and link checks
 * added later. `controls` contains ids only, or whole summaries.
 */
export class StoredResult<C extends ControlIds = ControlIds> implements LintSetFile {
  private added: Finding[] | undefined;
  private errorsOnly = false;

  constructor(
    readonly file: string,
    readonly kind: DocumentKind,
    readonly controls: C[],
    private readonly table: FindingTable,
    private readonly first: number,
    private readonly count: number,
  ) {}

  /**
   * Returns a new array of the findings in position order. It is built on
   * each read, so changes to it are not kept: use addFindings.
   */
  get findings(): Finding[] {
    const findings: Finding[] = [];
    for (let index = this.first; index < this.first + this.count; index++) {
      if (!this.errorsOnly || this.table.severity(index) === 'error') findings.push(this.table.finding(index));
    }
    if (!this.added) return findings;
    for (const finding of this.added) if (!this.errorsOnly || finding.severity === 'error') findings.push(finding);
    return stableSort(findings, byPosition);
  }

  /** Adds the findings to `counts` by severity, without building them. */
  addCounts(counts: { errors: number; warnings: number; infos: number }): void {
    const count = (severity: Severity): void => {
      if (severity === 'error') counts.errors++;
      else if (this.errorsOnly) return;
      else if (severity === 'warning') counts.warnings++;
      else counts.infos++;
    };
    for (let index = this.first; index < this.first + this.count; index++) count(this.table.severity(index));
    if (this.added) for (const finding of this.added) count(finding.severity);
  }

  /** Adds findings as they are given, so they must keep no part of a document's text. */
  addFindings(findings: readonly Finding[]): void {
    // slice and concat allocate room for the findings only. An array grown by
    // push reserves room for about 16, and a run keeps one per file with duplicate ids.
    this.added = this.added === undefined ? findings.slice() : this.added.concat(findings);
  }

  /** Leaves out warnings and info from now on, as --quiet requests. */
  keepErrorsOnly(): void {
    this.errorsOnly = true;
  }
}

const NO_CITATIONS: readonly IdOccurrence[] = Object.freeze([]);

/** Reduces the summaries of a file's controls to the ids that the cross-file rules read. */
export function idsOnly(controls: readonly ControlSummary[], file: string): ControlIds[] {
  return controls.map((control): ControlIds => {
    const citations = control.citations.length === 0 ? NO_CITATIONS : control.citations.map(storeOccurrence);
    return control.id ? { file, id: storeOccurrence(control.id), citations } : { file, citations };
  });
}

/** Keeps the whole summaries of a file's controls, for an overview of the catalogue. */
export function wholeSummaries(controls: ControlSummary[]): ControlSummary[] {
  return controls;
}

/**
 * Returns a finding in the form a report keeps, without fixes. The message is
 * copied into one flat string, because a message built by concatenation is a
 * tree of its parts, which takes more memory.
 */
export function storeFinding(finding: Finding): StoredFinding {
  const { start, end } = finding.range;
  const message = copyString(finding.message);
  return new StoredFinding(finding.rule, finding.severity, message, finding.offset, finding.length, start.line, start.character, end.line, end.character);
}

function storeOccurrence(occurrence: IdOccurrence): StoredOccurrence {
  const { start, end } = occurrence.range;
  return new StoredOccurrence(occurrence.id, occurrence.offset, occurrence.length, start.line, start.character, end.line, end.character);
}
