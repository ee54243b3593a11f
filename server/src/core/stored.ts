import type { DocumentKind, FileResult, LintSetFile } from './lint';
import type { ControlIds, ControlSummary, IdOccurrence } from './rules/rule';
import { copyString } from './strings';
import type { Finding, Range, Severity } from './types';

// A run over a large tree keeps every file's findings until the report is
// written. A Finding with its Range is five objects. These records are one
// object each and build the range when a formatter reads it.

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
    return {
      start: { line: this.startLine, character: this.startCharacter },
      end: { line: this.endLine, character: this.endCharacter },
    };
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
    return {
      start: { line: this.startLine, character: this.startCharacter },
      end: { line: this.endLine, character: this.endCharacter },
    };
  }
}

/** The lint result of one file as a report keeps it. `controls` contains ids only, or whole summaries. */
export interface StoredResult<C extends ControlIds = ControlIds> extends LintSetFile {
  kind: DocumentKind;
  findings: Finding[];
  controls: C[];
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

const NO_CITATIONS: readonly IdOccurrence[] = Object.freeze([]);

/** Reduces a lint result to the findings and the ids that a report and the cross-file rules read. */
export function storeResult(result: FileResult, messages: MessagePool): StoredResult {
  const controls = result.controls.map((control): ControlIds => {
    const citations = control.citations.length === 0 ? NO_CITATIONS : control.citations.map(storeOccurrence);
    return control.id ? { file: result.file, id: storeOccurrence(control.id), citations } : { file: result.file, citations };
  });
  return { file: result.file, kind: result.kind, findings: storeFindings(result.findings, messages), controls };
}

/** Like storeResult, but keeps each control's whole summary, for an overview of the catalogue. */
export function storeResultWithSummaries(result: FileResult, messages: MessagePool): StoredResult<ControlSummary> {
  return { file: result.file, kind: result.kind, findings: storeFindings(result.findings, messages), controls: result.controls };
}

function storeFindings(findings: readonly Finding[], messages: MessagePool): Finding[] {
  return findings.map((finding) => storeFinding(finding, messages));
}

/**
 * Returns a finding in the form a report keeps, without fixes. Without a
 * pool the message is kept as it is, for messages that are rarely repeated
 * and hold no part of a document's text.
 */
export function storeFinding(finding: Finding, messages?: MessagePool): StoredFinding {
  const { start, end } = finding.range;
  const message = messages ? messages.intern(finding.message) : finding.message;
  return new StoredFinding(finding.rule, finding.severity, message, finding.offset, finding.length, start.line, start.character, end.line, end.character);
}

function storeOccurrence(occurrence: IdOccurrence): StoredOccurrence {
  const { start, end } = occurrence.range;
  return new StoredOccurrence(occurrence.id, occurrence.offset, occurrence.length, start.line, start.character, end.line, end.character);
}
