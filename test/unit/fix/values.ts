import type { JsonPath } from '../../../server/src/core/types';

// Checks that fixes change only the values their rules are for, comparing the
// parsed value of a file before and after fixing.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the paths where two parsed values differ. An array whose length changed is one path. */
export function valueDifferences(a: unknown, b: unknown, at: JsonPath = []): JsonPath[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [at];
    return a.flatMap((item, i) => valueDifferences(item, b[i], [...at, i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => valueDifferences(a[key], b[key], [...at, key]));
  }
  return Object.is(a, b) ? [] : [at];
}

function valueAt(value: unknown, at: JsonPath): unknown {
  let current = value;
  for (const segment of at) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

const PROSE_FIELDS: JsonPath[] = [['title'], ['description'], ['remediation', 'description'], ['considerations']];

// The values each rule's bulk fix may change in one control, written from what
// each fix is for rather than read from the fixes' own targets. Syntax rules
// change no value, so they have no entry.
const MAY_CHANGE: Record<string, (at: JsonPath, before: unknown, after: unknown) => boolean> = {
  'severity-weight': (at) => samePath(at, ['severityWeight']),
  'id-category': (at) => samePath(at, ['category']),
  'title-period': (at) => samePath(at, ['title']),
  'framework-reference': (at) => samePath(at, ['frameworks']),
  'reference-https': (at) => at.length === 3 && at[0] === 'references' && at[2] === 'url',
  'reference-duplicate': (at) => samePath(at, ['references']),
  'discouraged-words': (at) => PROSE_FIELDS.some((field) => samePath(at, field)),
  // An enum value in other letter case, or a property added, removed or renamed.
  schema: (_at, before, after) =>
    before === undefined || after === undefined || (typeof before === 'string' && typeof after === 'string' && before.toLowerCase() === after.toLowerCase()),
};

/**
 * Tells whether one of the rules may have changed the value at `at`. In a
 * catalogue (a root array) the path is taken inside its control, and no rule
 * may add, remove or replace a whole control.
 */
export function isAllowedChange(rules: ReadonlySet<string>, before: unknown, after: unknown, at: JsonPath): boolean {
  const inControl = Array.isArray(before) ? at.slice(1) : at;
  if (Array.isArray(before) && inControl.length === 0) return false;
  return [...rules].some((rule) => MAY_CHANGE[rule]?.(inControl, valueAt(before, at), valueAt(after, at)) === true);
}
