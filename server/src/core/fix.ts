import { getNodeValue, type Node } from 'jsonc-parser';
import { parseDocument } from './parse';
import type { Finding, Fix, JsonPath, TextEdit } from './types';

/** Applies non-overlapping edits to a text; the edits may come in any order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset || b.length - a.length);
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length);
  }
  return result;
}

/**
 * Returns why a fixed text is rejected, or undefined when it is safe to write. The
 * result must keep every value outside the targets and be strict JSON, or, when
 * the original is not strict JSON either, have no more comments, trailing
 * commas or stray whitespace characters than the original has. The lenient
 * check lets one of several syntax fixes in a file be applied alone.
 */
export function verifyFix(before: string, after: string, targets: readonly JsonPath[]): string | undefined {
  const original = readJson(before);
  if ('error' in original) return 'the file is not valid JSON, so no fix can be checked; fix the json-syntax problems first';
  const result = readJson(after);
  if ('error' in result) return `the result is not strict JSON (${result.error})`;
  const added = addedProblem(original.problems, result.problems);
  if (added) return `the result is not strict JSON (${added})`;
  const changed = findChange(original.value, result.value, [], targets);
  return changed ? `the fix changed ${changed.length === 0 ? 'the root value' : JSON.stringify(changed)}, which it does not target` : undefined;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Counts of what strict readers reject but the linter reads past, by kind. */
type StrictProblems = Record<'comment' | 'trailing comma' | 'stray whitespace character', number>;

const NO_PROBLEMS: StrictProblems = { comment: 0, 'trailing comma': 0, 'stray whitespace character': 0 };

// Reads the value of a text: with JSON.parse when it is strict JSON, else as
// leniently as the linter reads it, where stray whitespace, comments and
// trailing commas do not change values. A text that only the lenient parser
// reads, but for none of those three reasons, is an error like any other.
function readJson(text: string): { value: unknown; problems: StrictProblems } | { error: string } {
  try {
    return { value: JSON.parse(stripBom(text)), problems: NO_PROBLEMS };
  } catch (error) {
    const strictError = { error: (error as Error).message };
    const doc = parseDocument(text);
    if (!doc.root || doc.syntaxErrors.length > 0) return strictError;
    const problems: StrictProblems = {
      comment: doc.comments.length,
      'trailing comma': doc.trailingCommas.length,
      'stray whitespace character': doc.strayWhitespace.length,
    };
    if (Object.values(problems).every((count) => count === 0)) return strictError;
    return { value: getNodeValue(doc.root as Node), problems };
  }
}

// Names the first kind of problem the result has more of than the original.
function addedProblem(before: StrictProblems, after: StrictProblems): string | undefined {
  for (const kind of Object.keys(after) as Array<keyof StrictProblems>) {
    if (after[kind] > before[kind]) {
      const found = `${after[kind]} ${kind}${after[kind] === 1 ? '' : 's'}`;
      return `${found} where the original has ${before[kind] === 0 ? 'none' : before[kind]}`;
    }
  }
  return undefined;
}

function isTargeted(path: JsonPath, targets: readonly JsonPath[]): boolean {
  return targets.some((target) => target.length <= path.length && target.every((segment, i) => segment === path[i]));
}

// Returns the path of the first difference outside the targets.
function findChange(a: unknown, b: unknown, path: JsonPath, targets: readonly JsonPath[]): JsonPath | undefined {
  if (isTargeted(path, targets)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const change = findChange(a[i], b[i], [...path, i], targets);
      if (change) return change;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const change = findChange(a[key], b[key], [...path, key], targets);
      if (change) return change;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function span(fix: Fix): [number, number] {
  const starts = fix.edits.map((edit) => edit.offset);
  const ends = fix.edits.map((edit) => edit.offset + edit.length);
  return [Math.min(...starts), Math.max(...ends)];
}

/** Picks fixes whose edits do not overlap or touch, in document order. */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  const chosen: Fix[] = [];
  let end = -1;
  for (const fix of [...fixes].filter((f) => f.edits.length > 0).sort((a, b) => span(a)[0] - span(b)[0])) {
    const [from, to] = span(fix);
    if (from <= end) continue;
    chosen.push(fix);
    end = to;
  }
  return chosen;
}

/** Returns the bulk fix of a finding: its preferred fix, unless that is for one-at-a-time use only. */
export function bulkFix(finding: Finding): Fix | undefined {
  const fix = finding.fixes?.find((candidate) => candidate.preferred);
  return fix && fix.bulk !== false && !fix.rename && fix.edits.length > 0 ? fix : undefined;
}

export interface FixOutcome {
  text: string;
  applied: Array<{ rule: string; title: string }>;
  rejected: Array<{ rule: string; title: string; reason: string }>;
}

// Fixes that insert at one place take one pass each: a control with none of its
// 13 required properties needs 13 passes. The limit also ends fixes that keep
// undoing each other.
const MAX_PASSES = 32;

/**
 * Applies the bulk fixes of the findings `lint` returns, re-linting between
 * passes until nothing fixable is left. Each pass applies the fixes that do not
 * overlap. A pass whose result fails verification is retried one fix at a time,
 * and fixes that fail alone are dropped.
 */
export function fixText(text: string, lint: (text: string) => Finding[], accept: (finding: Finding) => boolean = () => true): FixOutcome {
  const outcome: FixOutcome = { text, applied: [], rejected: [] };
  const rejectedKeys = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const candidates = lint(outcome.text).flatMap((finding) => {
      const fix = accept(finding) ? bulkFix(finding) : undefined;
      return fix && !rejectedKeys.has(keyOf(finding.rule, fix, outcome.text)) ? [{ rule: finding.rule, fix }] : [];
    });
    if (candidates.length === 0) break;
    const chosen = compatibleFixes(candidates.map((c) => c.fix));
    const rules = new Map(candidates.map((c) => [c.fix, c.rule]));
    // A rejected fix is left out of later passes, so the fixes it blocked get their turn.
    const rejectedBefore = outcome.rejected.length;
    const progressed = applyPass(outcome, chosen, rules, rejectedKeys);
    if (!progressed && outcome.rejected.length === rejectedBefore) break;
  }
  return outcome;
}

function keyOf(rule: string, fix: Fix, text: string): string {
  return `${rule}|${fix.title}|${text.length}|${JSON.stringify(fix.edits)}`;
}

function applyPass(outcome: FixOutcome, chosen: Fix[], rules: Map<Fix, string>, rejectedKeys: Set<string>): boolean {
  const together = applyEdits(outcome.text, chosen.flatMap((fix) => fix.edits));
  if (!verifyFix(outcome.text, together, chosen.flatMap((fix) => fix.targets))) {
    outcome.text = together;
    for (const fix of chosen) outcome.applied.push({ rule: rules.get(fix) ?? '', title: fix.title });
    return true;
  }
  let progressed = false;
  for (const fix of chosen) {
    const alone = applyEdits(outcome.text, fix.edits);
    const reason = verifyFix(outcome.text, alone, fix.targets);
    if (reason) {
      rejectedKeys.add(keyOf(rules.get(fix) ?? '', fix, outcome.text));
      outcome.rejected.push({ rule: rules.get(fix) ?? '', title: fix.title, reason });
      continue;
    }
    // Later fixes were computed on the text before this one; they wait for the next pass.
    outcome.text = alone;
    outcome.applied.push({ rule: rules.get(fix) ?? '', title: fix.title });
    progressed = true;
    break;
  }
  return progressed;
}
