import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type Config, DEFAULT_CONFIG } from '../../../server/src/core/config';
import { catalogueElements, IncrementalLinter } from '../../../server/src/core/incremental';
import { lintText } from '../../../server/src/core/lint';
import { CORPUS_DIR } from '../helpers';

const FILE = 'controls.json';

/** Builds a catalogue of the first `count` real controls, 2-space indented as EDCA writes it. */
function catalogue(count: number): string {
  const names = fs
    .readdirSync(CORPUS_DIR)
    .filter((name) => /^EDCA-.*\.json$/.test(name))
    .sort()
    .slice(0, count);
  const controls = names.map((name) => JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8')) as unknown);
  return `${JSON.stringify(controls, null, 2)}\n`;
}

/** Lints `text` with the linter and from scratch, and asserts equal results. */
function assertSameAsFullLint(linter: IncrementalLinter, text: string, label: string, config: Config = DEFAULT_CONFIG): void {
  const expected = lintText(text, { file: FILE, config });
  const actual = linter.lint(text, { file: FILE, config });
  assert.deepEqual(actual, expected, label);
}

/** A small deterministic pseudo-random generator (mulberry32), so failures repeat. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function replace(text: string, needle: string, replacement: string): string {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `the text lacks ${needle}`);
  return text.slice(0, at) + replacement + text.slice(at + needle.length);
}

describe('IncrementalLinter', () => {
  const base = catalogue(12);

  it('matches lintText on a catalogue', () => {
    const linter = new IncrementalLinter();
    assertSameAsFullLint(linter, base, 'first lint');
    assert.equal(linter.lastLintByElement, true);
    assertSameAsFullLint(linter, base, 'same text again');
    assert.equal(linter.lastLintByElement, true);
  });

  it('matches lintText after element edits', () => {
    const linter = new IncrementalLinter();
    assertSameAsFullLint(linter, base, 'first lint');
    const weight = base.indexOf('"severityWeight": ') + '"severityWeight": '.length;
    const longer = `${base.slice(0, weight)}1${base.slice(weight)}`;
    assertSameAsFullLint(linter, longer, 'weight with one more digit');
    assertSameAsFullLint(linter, base, 'weight restored');
    const removed = base.replace(/\{\s*"id": "EDCA-DATA-004"[\s\S]*?\n {2}\},\n/, '');
    assert.notEqual(removed, base);
    assertSameAsFullLint(linter, removed, 'element removed');
    assertSameAsFullLint(linter, base, 'element added back');
  });

  it('matches lintText on syntax findings', () => {
    const linter = new IncrementalLinter();
    const cases: Array<[string, string]> = [
      ['unterminated string', replace(base, '"title": "', '"title": "\n')],
      ['duplicate key', replace(base, '"verify": ', '"Verify": false,\n    "verify": ')],
      ['comment in an element', replace(base, '"verify": ', '// checked\n    "verify": ')],
      ['trailing comma in an element', base.replace(/"\n {4}\]\n {2}\}/, '",\n    ]\n  }')],
      ['trailing comma after the last element', base.replace(/\}\n\]\n$/, '},\n]\n')],
      ['no-break space in an element', replace(base, '"verify": ', '"verify":\u00a0')],
      ['no-break space between elements', base.replace('},\n  {', '},\u00a0{')],
      ['byte order mark', `\ufeff${base}`],
      ['comment between elements', base.replace('},\n  {', '}, /* next */ {')],
      ['string element', base.replace('},\n  {', '}, "text", {')],
      ['missing comma between elements', base.replace('},\n  {', '}\n  {')],
      ['unclosed catalogue', base.replace(/\]\n$/, '')],
      ['text after the catalogue', `${base}[]`],
    ];
    for (const [label, text] of cases) {
      assert.notEqual(text, base, label);
      assertSameAsFullLint(linter, base, `before ${label}`);
      assertSameAsFullLint(linter, text, label);
      assert.equal(linter.lastLintByElement, false, `${label} is linted whole`);
      assertSameAsFullLint(linter, base, `after ${label}`);
    }
  });

  it('matches lintText on other layouts', () => {
    const linter = new IncrementalLinter();
    const controls = JSON.parse(base) as unknown[];
    const cases: Array<[string, string]> = [
      ['one line', JSON.stringify(controls)],
      ['CRLF line ends', base.replace(/\n/g, '\r\n')],
      ['empty array', '[]'],
      ['single control', `${JSON.stringify(controls[0], null, 2)}\n`],
      ['empty text', ''],
    ];
    for (const [label, text] of cases) assertSameAsFullLint(linter, text, label);
  });

  it('matches lintText after a config change', () => {
    const linter = new IncrementalLinter();
    assertSameAsFullLint(linter, base, 'default config');
    const strict: Config = { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, 'title-period': 'off', 'severity-weight': 'info' } };
    assertSameAsFullLint(linter, base, 'other rule severities', strict);
  });

  it('re-lints elements that use the next free id', () => {
    const linter = new IncrementalLinter();
    const text = replace(base, '"category": "Data Security"', '"category": "Platform Security"');
    for (const free of ['EDCA-SEC-100', 'EDCA-SEC-101']) {
      const options = { file: FILE, config: DEFAULT_CONFIG, nextFreeId: () => free };
      const expected = lintText(text, options);
      assert.ok(JSON.stringify(expected).includes(free), `a fix offers ${free}`);
      assert.deepEqual(linter.lint(text, options), expected, free);
      assert.equal(linter.lastLintByElement, true);
    }
  });

  it('matches lintText on random keystrokes', () => {
    const linter = new IncrementalLinter();
    const next = random(20261204);
    const typed = ['a', ' ', '"', ',', '{', '}', '[', ']', '/', '*', '\\', '\n', '\u00a0', '1'];
    let text = base;
    let incremental = 0;
    for (let step = 0; step < 300; step++) {
      const at = Math.floor(next() * text.length);
      const roll = next();
      if (roll < 0.4) text = text.slice(0, at) + text.slice(at + 1);
      else text = text.slice(0, at) + (typed[Math.floor(next() * typed.length)] ?? 'a') + text.slice(at);
      // Most random edits break the JSON; going back to the clean text every
      // few steps also exercises the element cache.
      if (step % 5 === 4) text = base;
      assertSameAsFullLint(linter, text, `step ${step}`);
      if (linter.lastLintByElement) incremental++;
    }
    // The clean steps and the edits inside strings take the element path.
    assert.ok(incremental >= 60, `only ${incremental} of 300 steps were linted by element`);
  });
});

describe('catalogueElements', () => {
  it('finds the element spans', () => {
    const text = '[\n  {"a": "}"},\n  {"b": [1, {"c": 2}]}\n]\n';
    const spans = catalogueElements(text);
    assert.deepEqual(
      spans?.map((span) => text.slice(span.offset, span.offset + span.length)),
      ['{"a": "}"}', '{"b": [1, {"c": 2}]}'],
    );
  });

  it('rejects other top levels', () => {
    for (const text of ['{}', '[1]', '[{},]', '[{}] x', '[{} {}]', '// c\n[{}]', '[{}']) {
      assert.equal(catalogueElements(text), undefined, JSON.stringify(text));
    }
  });
});
