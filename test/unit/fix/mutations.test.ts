import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { getNodeValue } from 'jsonc-parser';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { bulkFix, type FixOutcome, fixText } from '../../../server/src/core/fix';
import { lintText } from '../../../server/src/core/lint';
import { parseDocument } from '../../../server/src/core/parse';
import type { Finding } from '../../../server/src/core/types';
import { CORPUS_DIR, seededRandom } from '../helpers';
import { isAllowedChange, valueDifferences } from './values';

// Real controls damaged at random, with a fixed seed, then fixed in bulk, so
// that fixes meet in many combinations, adjacent or overlapping. Each result
// must be strict JSON that keeps every value the applied fixes do not target.

const SEED = 20240501;
const ROUNDS = 200;


// Offsets of the separators, brackets and blanks outside strings: text inserted there falls between tokens.
function tokenEnds(text: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (' \n,:[]{}'.includes(ch)) {
      found.push(i);
    }
  }
  return found;
}

const STRAY = ['\u00a0', '\u2003', '\u200b', '\u3000'];

type Mutation = (text: string, pick: (n: number) => number) => string;

const MUTATIONS: Mutation[] = [
  (text, pick) => insertAt(text, pickOf(tokenEnds(text), pick), STRAY[pick(STRAY.length)] as string),
  (text, pick) => insertAt(text, pickOf(tokenEnds(text), pick), ' /* note */ '),
  (text, pick) => {
    const lineEnd = text.indexOf('\n', pickOf(tokenEnds(text), pick));
    return lineEnd < 0 ? text : insertAt(text, lineEnd, ' // note');
  },
  (text, pick) => {
    const closing = tokenEnds(text).filter((i) => text[i] === ']' || text[i] === '}');
    let last = pickOf(closing, pick) - 1;
    while (last > 0 && /\s/.test(text[last] as string)) last--;
    return ',[{'.includes(text[last] as string) ? text : insertAt(text, last + 1, ',');
  },
  (text, pick) => text.replace(/"severityWeight": \d+/, `"severityWeight": ${1 + pick(10)}`),
  (text) => text.replace(/"(title|description|considerations)": "/, '"$1": "In order to utilize this, simply '),
  (text) => text.replace(/("url": ")https:/, '$1http:'),
  (text) => text.replace(/"(severity|subject)": "(\w+)"/, (_m, key: string, value: string) => `"${key}": "${value.toLowerCase()}"`),
  (text) => text.replace(/\n(\s*)"verify": (true|false),/, '\n$1"verify": $2,\n$1"verify": $2,'),
  (text) => text.replace(/,\n\s*"considerations": "(?:[^"\\]|\\.)*"/, ''),
  (text) => text.replace(/"title": /, '"Title": '),
  (text) => text.replace(/\n(\s*)"verify"/, '\n$1"owner": {"team": [1, 2,]},\n$1"verify"'),
  (text) => text.replace(/(\n\s*\{\s*"name"[^}]*\})/, '$1,$1'),
  (text) => text.replace(/"title": "([^"]*)"/, '"title": "$1."'),
];

function pickOf(offsets: number[], pick: (n: number) => number): number {
  return offsets[pick(offsets.length)] ?? 0;
}

function insertAt(text: string, offset: number, inserted: string): string {
  return text.slice(0, offset) + inserted + text.slice(offset);
}

function damage(text: string, pick: (n: number) => number): string {
  let damaged = text;
  const count = 1 + pick(6);
  for (let i = 0; i < count; i++) damaged = (MUTATIONS[pick(MUTATIONS.length)] as Mutation)(damaged, pick);
  if (pick(3) === 0) damaged = damaged.replace(/\n/g, '\r\n');
  if (pick(3) === 0) damaged = damaged.replace(/^(?: {2})+/gm, (indent) => '\t'.repeat(indent.length / 2));
  return damaged;
}

function lenientValue(text: string): unknown {
  const doc = parseDocument(text);
  assert.deepEqual(doc.syntaxErrors, [], 'the damaged text does not parse');
  assert.ok(doc.root, 'the damaged text has no value');
  return getNodeValue(doc.root);
}

interface Round {
  label: string;
  damaged: string;
  lint: (text: string) => Finding[];
  outcome: FixOutcome;
}

// Each round damages one control, or a catalogue of two, from the corpus.
function rounds(): Round[] {
  const pick = seededRandom(SEED);
  const names = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.json')).sort();
  const read = (name: string): string => fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8');
  const result: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const name = names[pick(names.length)] as string;
    const catalogue = pick(5) === 0;
    const file = catalogue ? 'controls.json' : name;
    const text = catalogue ? `[\n${read(name).trim()},\n${read(names[pick(names.length)] as string).trim()}\n]\n` : read(name);
    const lint = (current: string): Finding[] => lintText(current, { file, config: DEFAULT_CONFIG }).findings;
    const damaged = damage(text, pick);
    const label = `round ${i} (${catalogue ? 'catalogue with ' : ''}${name})`;
    result.push({ label, damaged, lint, outcome: fixText(damaged, lint) });
  }
  return result;
}

describe('fixes on damaged controls', () => {
  const all = rounds();

  it('rejects no fix', () => {
    for (const { label, outcome } of all) assert.deepEqual(outcome.rejected, [], label);
  });

  it('gives strict JSON', () => {
    for (const { label, outcome } of all) assert.doesNotThrow(() => JSON.parse(outcome.text.replace(/^\ufeff/, '')), label);
  });

  it('leaves no bulk-fixable finding', () => {
    for (const { label, lint, outcome } of all) {
      const left = lint(outcome.text).filter((finding) => bulkFix(finding));
      assert.deepEqual(left.map((finding) => finding.message), [], label);
    }
  });

  it('is idempotent', () => {
    for (const { label, lint, outcome } of all) assert.equal(fixText(outcome.text, lint).text, outcome.text, label);
  });

  it('keeps CRLF line ends', () => {
    for (const { label, outcome } of all.filter((round) => round.damaged.includes('\r\n'))) {
      assert.doesNotMatch(outcome.text, /[^\r]\n/, label);
    }
  });

  it('changes only targeted values', () => {
    for (const { label, damaged, outcome } of all) {
      const before = lenientValue(damaged);
      const after = JSON.parse(outcome.text.replace(/^\ufeff/, '')) as unknown;
      const rules = new Set(outcome.applied.map((fix) => fix.rule));
      const untargeted = valueDifferences(before, after).filter((at) => !isAllowedChange(rules, before, after, at));
      assert.deepEqual(untargeted, [], label);
    }
  });
});
