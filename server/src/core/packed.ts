import { RULES } from './rules';
import type { Finding, Severity } from './types';

/**
 * Findings without fixes, packed into one Int32Array and an array of messages.
 * The language server stores the findings of closed files in this form, and
 * lint workers send them in it. An array of numbers takes a fraction of the
 * memory of one object per finding, range and position, and a worker can
 * transfer its buffer instead of copying it.
 */
export interface PackedFindings {
  /** FIELDS numbers per finding, in the order of the FIELD_* offsets below. */
  numbers: Int32Array;
  messages: readonly string[];
}

const FIELD_RULE = 0;
const FIELD_SEVERITY = 1;
const FIELD_OFFSET = 2;
const FIELD_LENGTH = 3;
const FIELD_START_LINE = 4;
const FIELD_START_CHARACTER = 5;
const FIELD_END_LINE = 6;
const FIELD_END_CHARACTER = 7;
/** Numbers stored per finding. */
export const FIELDS = 8;

const RULE_IDS: readonly string[] = RULES.map((rule) => rule.meta.id);
const RULE_INDEX = new Map(RULE_IDS.map((id, index) => [id, index]));
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_INDEX = new Map(SEVERITIES.map((severity, index) => [severity, index]));

export const NO_PACKED_FINDINGS: PackedFindings = Object.freeze({ numbers: new Int32Array(0), messages: Object.freeze([]) });

/** Returns the number of findings a packed list holds. */
export function packedCount(packed: PackedFindings): number {
  return packed.messages.length;
}

/** Writes findings into `numbers` from index `start`, which must leave FIELDS numbers per finding. */
export function writeFindings(findings: readonly Finding[], numbers: Int32Array, start: number): void {
  let i = start;
  for (const finding of findings) {
    const rule = RULE_INDEX.get(finding.rule);
    if (rule === undefined) throw new Error(`Cannot pack a finding of rule "${finding.rule}": no rule in the registry has this id.`);
    numbers[i + FIELD_RULE] = rule;
    numbers[i + FIELD_SEVERITY] = SEVERITY_INDEX.get(finding.severity) ?? 0;
    numbers[i + FIELD_OFFSET] = finding.offset;
    numbers[i + FIELD_LENGTH] = finding.length;
    numbers[i + FIELD_START_LINE] = finding.range.start.line;
    numbers[i + FIELD_START_CHARACTER] = finding.range.start.character;
    numbers[i + FIELD_END_LINE] = finding.range.end.line;
    numbers[i + FIELD_END_CHARACTER] = finding.range.end.character;
    i += FIELDS;
  }
}

/** Packs findings into an array of their own; their fixes are left out. */
export function packFindings(findings: readonly Finding[]): PackedFindings {
  if (findings.length === 0) return NO_PACKED_FINDINGS;
  const numbers = new Int32Array(findings.length * FIELDS);
  writeFindings(findings, numbers, 0);
  return { numbers, messages: findings.map((finding) => finding.message) };
}

/** Rebuilds the findings of a packed list, in their stored order. */
export function unpackFindings(packed: PackedFindings): Finding[] {
  const { numbers, messages } = packed;
  const findings: Finding[] = new Array(messages.length);
  for (let index = 0; index < messages.length; index++) findings[index] = readFinding(numbers, index * FIELDS, messages[index] as string);
  return findings;
}

/** Rebuilds the finding whose numbers start at index `i` of `numbers`. */
export function readFinding(numbers: Int32Array, i: number, message: string): Finding {
  return {
    rule: RULE_IDS[numbers[i + FIELD_RULE] as number] as string,
    severity: SEVERITIES[numbers[i + FIELD_SEVERITY] as number] as Severity,
    message,
    range: {
      start: { line: numbers[i + FIELD_START_LINE] as number, character: numbers[i + FIELD_START_CHARACTER] as number },
      end: { line: numbers[i + FIELD_END_LINE] as number, character: numbers[i + FIELD_END_CHARACTER] as number },
    },
    offset: numbers[i + FIELD_OFFSET] as number,
    length: numbers[i + FIELD_LENGTH] as number,
  };
}

/** Returns the severity of the finding whose numbers start at index `i` of `numbers`. */
export function readSeverity(numbers: Int32Array, i: number): Severity {
  return SEVERITIES[numbers[i + FIELD_SEVERITY] as number] as Severity;
}

/** Counts the errors and warnings of a packed list without unpacking it. */
export function countPacked(packed: PackedFindings, counts: { errors: number; warnings: number }): void {
  const { numbers } = packed;
  for (let i = FIELD_SEVERITY; i < numbers.length; i += FIELDS) {
    const severity = SEVERITIES[numbers[i] as number];
    if (severity === 'error') counts.errors++;
    else if (severity === 'warning') counts.warnings++;
  }
}

/**
 * Moves the numbers of several packed lists into one new buffer, each list
 * keeping a view of its part, so that a worker can transfer them all at once.
 * Returns the buffer. Empty lists keep their own empty array.
 */
export function joinPackedNumbers(lists: PackedFindings[]): ArrayBuffer {
  let total = 0;
  for (const list of lists) total += list.numbers.length;
  const joined = new Int32Array(total);
  let start = 0;
  for (const list of lists) {
    const length = list.numbers.length;
    if (length === 0) continue;
    joined.set(list.numbers, start);
    list.numbers = joined.subarray(start, start + length);
    start += length;
  }
  return joined.buffer;
}
