import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { bulkFix, type FixOutcome, fixText } from '../../../server/src/core/fix';
import { lintText } from '../../../server/src/core/lint';
import type { Finding, JsonPath } from '../../../server/src/core/types';
import { CORPUS_DIR } from '../helpers';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  texts: Map<string, string>;
}

function lintFile(name: string): (text: string) => Finding[] {
  return (text) => lintText(text, { file: name, config: DEFAULT_CONFIG }).findings;
}

function readAll(folder: string, names: readonly string[]): Map<string, string> {
  return new Map(names.map((name) => [name, fs.readFileSync(path.join(folder, name), 'utf8')]));
}

async function runFix(folder: string, names: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io = { cwd: folder, stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
  const status = await main(['--fix', '.'], io);
  return { status, stdout, stderr, texts: readAll(folder, names) };
}

// A finding as the comparisons count it: rule and message.
function keyOf(finding: Finding): string {
  return `${finding.rule}: ${finding.message}`;
}

/** Returns the keys of `from` left after taking away those of `taken`, counting repeats. */
function subtract(from: readonly Finding[], taken: readonly Finding[]): string[] {
  const counts = new Map<string, number>();
  for (const finding of from) counts.set(keyOf(finding), (counts.get(keyOf(finding)) ?? 0) + 1);
  for (const finding of taken) counts.set(keyOf(finding), (counts.get(keyOf(finding)) ?? 0) - 1);
  return [...counts].flatMap(([key, count]) => Array<string>(Math.max(count, 0)).fill(key));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns the paths where two parsed values differ. An array whose length changed is one path. */
function differences(a: unknown, b: unknown, at: JsonPath = []): JsonPath[] {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [at];
    return a.flatMap((item, i) => differences(item, b[i], [...at, i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => differences(a[key], b[key], [...at, key]));
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

// The values each rule's bulk fix may change in a single-control file, written
// from what each fix is for rather than read from the fixes' own targets.
// Syntax rules change no value, so they have no entry.
const MAY_CHANGE: Record<string, (at: JsonPath, before: unknown, after: unknown) => boolean> = {
  'severity-weight': (at) => samePath(at, ['severityWeight']),
  'id-category': (at) => samePath(at, ['category']),
  'title-period': (at) => samePath(at, ['title']),
  'framework-reference': (at) => samePath(at, ['frameworks']),
  'reference-https': (at) => at.length === 3 && at[0] === 'references' && at[2] === 'url',
  'reference-duplicate': (at) => samePath(at, ['references']),
  'discouraged-words': (at) => PROSE_FIELDS.some((field) => samePath(at, field)),
  // An enum value in other letter case, a missing property added or an unknown one removed.
  schema: (_at, before, after) =>
    before === undefined || after === undefined || (typeof before === 'string' && typeof after === 'string' && before.toLowerCase() === after.toLowerCase()),
};

describe('--fix on the corpus', () => {
  let folder: string;
  let names: string[];
  let originals: Map<string, string>;
  const outcomes = new Map<string, FixOutcome>();
  let first: Run;
  let second: Run;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-fix-corpus-'));
    names = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.json')).sort();
    for (const name of names) fs.copyFileSync(path.join(CORPUS_DIR, name), path.join(folder, name));
    // An empty configuration file stops the search for one in the folders above.
    fs.writeFileSync(path.join(folder, '.controlstudio.json'), '{}\n');
    originals = readAll(folder, names);
    for (const name of names) outcomes.set(name, fixText(originals.get(name) ?? '', lintFile(name)));
    first = await runFix(folder, names);
    second = await runFix(folder, names);
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('copies the whole corpus', () => {
    assert.equal(names.length, 150);
  });

  it('fixes some files', () => {
    const changed = names.filter((name) => first.texts.get(name) !== originals.get(name));
    assert.ok(changed.length > 0, 'no file changed');
  });

  it('writes what fixText returns', () => {
    for (const name of names) assert.equal(first.texts.get(name), outcomes.get(name)?.text, name);
  });

  it('rejects no fix', () => {
    for (const name of names) assert.deepEqual(outcomes.get(name)?.rejected, [], name);
    assert.doesNotMatch(first.stderr, /was not applied/);
  });

  it('leaves strict JSON', () => {
    for (const name of names) assert.doesNotThrow(() => JSON.parse(first.texts.get(name) ?? ''), name);
  });

  it('leaves no bulk-fixable finding', () => {
    for (const name of names) {
      const left = lintFile(name)(first.texts.get(name) ?? '').filter((finding) => bulkFix(finding));
      assert.deepEqual(left.map(keyOf), [], name);
    }
  });

  // For each file, the findings after --fix, as a multiset of (rule, message),
  // must be contained in the findings before it, and every finding that is gone
  // must have had a bulk fix.
  it('adds no finding', () => {
    for (const name of names) {
      const lint = lintFile(name);
      const added = subtract(lint(first.texts.get(name) ?? ''), lint(originals.get(name) ?? ''));
      assert.deepEqual(added, [], name);
    }
  });

  it('removes only fixable findings', () => {
    for (const name of names) {
      const lint = lintFile(name);
      const beforeFix = lint(originals.get(name) ?? '');
      const gone = subtract(beforeFix, lint(first.texts.get(name) ?? ''));
      const fixable = new Set(beforeFix.filter((finding) => bulkFix(finding)).map(keyOf));
      assert.deepEqual(gone.filter((key) => !fixable.has(key)), [], name);
    }
  });

  it('changes only targeted values', () => {
    for (const name of names) {
      const beforeFix = JSON.parse(originals.get(name) ?? '') as unknown;
      const afterFix = JSON.parse(first.texts.get(name) ?? '') as unknown;
      const rules = new Set(outcomes.get(name)?.applied.map((fix) => fix.rule));
      const untargeted = differences(beforeFix, afterFix).filter((at) => {
        const allowed = [...rules].some((rule) => MAY_CHANGE[rule]?.(at, valueAt(beforeFix, at), valueAt(afterFix, at)));
        return !allowed;
      });
      assert.deepEqual(untargeted, [], `${name}: ${[...rules].join(', ')}`);
    }
  });

  it('reports each fixed file', () => {
    const reported = [...first.stdout.matchAll(/^Fixed \d+ problems? in (\S+):/gm)].map((match) => match[1]);
    const changed = names.filter((name) => first.texts.get(name) !== originals.get(name));
    assert.deepEqual(reported, changed);
  });

  it('counts the fixes of each file', () => {
    for (const match of first.stdout.matchAll(/^Fixed (\d+) problems? in (\S+):/gm)) {
      assert.equal(Number(match[1]), outcomes.get(match[2] ?? '')?.applied.length, match[2]);
    }
  });

  it('changes no byte on a second run', () => {
    for (const name of names) assert.equal(second.texts.get(name), first.texts.get(name), name);
  });

  it('prints no fix on a second run', () => {
    assert.doesNotMatch(second.stdout, /^Fixed /m);
  });

  it('reports the same findings twice', () => {
    assert.equal(second.status, first.status);
    assert.equal(second.stdout, first.stdout.replace(/^Fixed .*\n/gm, ''));
  });
});
