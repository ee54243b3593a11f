import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { bulkFix, type FixOutcome, fixText } from '../../../server/src/core/fix';
import { lintText } from '../../../server/src/core/lint';
import type { Finding } from '../../../server/src/core/types';
import { CORPUS_DIR } from '../helpers';
import { isAllowedChange, valueDifferences } from './values';

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
      const untargeted = valueDifferences(beforeFix, afterFix).filter((at) => !isAllowedChange(rules, beforeFix, afterFix, at));
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
