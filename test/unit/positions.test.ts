import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readControlFile } from '../../server/src/cli/files';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { lintText } from '../../server/src/core/lint';
import { lintOne, type Pinned, pin, readFixture } from './helpers';

// The expected ranges below were counted by hand from the texts: 0-based
// lines, and characters in UTF-16 code units from the start of the line.

const BASE = readFixture('base', 'EDCA-TLS-101.json');
const FILE = 'EDCA-TLS-101.json';

/** Replaces `from`, which must occur exactly once, so that a changed base fails loudly. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0, `${JSON.stringify(from)} not found`);
  assert.equal(text.indexOf(from, at + 1), -1, `${JSON.stringify(from)} occurs twice`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Returns the control with severityWeight 9, outside High, and a trailing comma after "CIS". */
function withTwoMistakes(text: string, lineEnd: string): string {
  const weighted = edit(text, '"severityWeight": 7', '"severityWeight": 9');
  return edit(weighted, `"CIS"${lineEnd}`, `"CIS",${lineEnd}`);
}

function pinsWithout(rule: string, text: string): Pinned[] {
  return pin(lintOne(text, 'x.json')).filter((entry) => entry[0] !== rule);
}

describe('line ends', () => {
  const expected: Pinned[] = [
    ['severity-weight', 8, 20, 8, 21],
    ['no-trailing-commas', 11, 9, 11, 10],
  ];

  it('LF control ranges', () => {
    assert.deepEqual(pin(lintOne(withTwoMistakes(BASE, '\n'), FILE)), expected);
  });

  it('CRLF control ranges', () => {
    const text = BASE.replace(/\n/g, '\r\n');
    assert.deepEqual(pin(lintOne(withTwoMistakes(text, '\r\n'), FILE)), expected);
  });

  it('CR-only control ranges', () => {
    const text = BASE.replace(/\n/g, '\r');
    assert.deepEqual(pin(lintOne(withTwoMistakes(text, '\r'), FILE)), expected);
  });

  it('CRLF inside a block comment', () => {
    // Line 1 is "/* a", line 2 is "bc */"x": 1," and line 3 is "}".
    const pins = pinsWithout('schema', '{\r\n/* a\r\nbc */"x": 1,\r\n}');
    assert.deepEqual(pins, [
      ['no-comments', 1, 0, 2, 5],
      ['no-trailing-commas', 2, 11, 2, 12],
    ]);
  });

  it('CR-only inside a block comment', () => {
    const pins = pinsWithout('schema', '{\r/* a\rbc */"x": 1,\r}');
    assert.deepEqual(pins, [
      ['no-comments', 1, 0, 2, 5],
      ['no-trailing-commas', 2, 11, 2, 12],
    ]);
  });
});

describe('byte order mark', () => {
  it('clean control stays clean', () => {
    assert.deepEqual(pin(lintOne(`\ufeff${BASE}`, FILE)), []);
  });

  it('counts as a character on line 0', () => {
    // lintText positions are UTF-16 offsets of the text it is given, BOM included.
    const pins = pinsWithout('schema', '\ufeff{"a": 1,}');
    assert.deepEqual(pins, [['no-trailing-commas', 0, 8, 0, 9]]);
  });

  it('is stripped by the CLI reader', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-bom-'));
    const file = path.join(dir, 'x.json');
    try {
      fs.writeFileSync(file, '\ufeff{"a": 1,}');
      const read = readControlFile(file);
      assert.ok('text' in read, 'readControlFile rejected the file');
      assert.equal(read.bom, true);
      const result = lintText(read.text, { file: 'x.json', config: DEFAULT_CONFIG });
      assert.deepEqual(pin(result).filter((entry) => entry[0] !== 'schema'), [['no-trailing-commas', 0, 7, 0, 8]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is stray whitespace after offset 0', () => {
    const result = lintOne('{"a":\ufeff1}', 'x.json');
    const findings = result.findings.filter((finding) => finding.rule === 'json-whitespace');
    assert.deepEqual(pin({ ...result, findings }), [['json-whitespace', 0, 5, 0, 6]]);
    assert.equal(findings[0]?.message, 'U+FEFF ZERO WIDTH NO-BREAK SPACE is not JSON whitespace; strict readers reject it, use a space');
  });
});

describe('characters outside the BMP', () => {
  it('shift a title period by two', () => {
    // "  \"title\": \"" is 12 units, the emoji 2, the space 1, the words 33.
    const text = edit(BASE, '"Receive connector TLS requirement"', '"\u{1F600} Receive connector TLS requirement."');
    assert.deepEqual(pin(lintOne(text, FILE)), [['title-period', 2, 48, 2, 49]]);
  });

  it('shift a discouraged word by four', () => {
    // The description text starts at 18. The first sentence is 45 units and "\n\n" is 4 source characters.
    const text = edit(BASE, 'Unencrypted SMTP between servers exposes', '\u{1F600}\u{1F600} simply exposes');
    assert.deepEqual(pin(lintOne(text, FILE)), [['discouraged-words', 3, 72, 3, 78]]);
  });
});

describe('no-break space indentation', () => {
  const indented = edit(BASE, '"severityWeight": 7', '"severityWeight": 5').replace(/^ +/gm, (spaces) => '\u00a0'.repeat(spaces.length));

  // One json-whitespace finding per indented line, over its indentation.
  function expectedWhitespace(): Pinned[] {
    const found: Pinned[] = [];
    indented.split('\n').forEach((line, index) => {
      const width = /^\u00a0*/.exec(line)?.[0].length ?? 0;
      if (width > 0) found.push(['json-whitespace', index, 0, index, width]);
    });
    return found;
  }

  it('reports each line and the weight', () => {
    const expected = expectedWhitespace();
    // Findings come in offset order, so the weight follows the indentation of lines 1 to 8.
    expected.splice(8, 0, ['severity-weight', 8, 20, 8, 21]);
    assert.equal(expected.length, 32);
    assert.deepEqual(pin(lintOne(indented, FILE)), expected);
  });

  it('counts the characters of a line', () => {
    const finding = lintOne(indented, FILE).findings.find((each) => each.range.start.line === 10);
    const message = 'U+00A0 NO-BREAK SPACE is not JSON whitespace (4 characters on this line); strict readers reject it, use a space';
    assert.equal(finding?.message, message);
  });

  it('names the weight mismatch', () => {
    const finding = lintOne(indented, FILE).findings.find((each) => each.rule === 'severity-weight');
    assert.equal(finding?.message, 'severityWeight 5 is outside the High range 7-8; 5 is in the Medium range 4-6');
  });
});

describe('escapes in strings', () => {
  it('map a discouraged word to source', () => {
    // After the 45-unit first sentence at 18: \n\n (4), \"Plain\" (9), " SMTP on C:" (11), \\ (2),
    // "Spool, caf" (10), \u00e9 (6), space (1), \ud83d\ude00 (12), space (1): "simply" starts at 119.
    const escaped = String.raw`\"Plain\" SMTP on C:\\Spool, caf\u00e9 \ud83d\ude00 simply exposes`;
    const text = edit(BASE, 'Unencrypted SMTP between servers exposes', escaped);
    assert.deepEqual(pin(lintOne(text, FILE)), [['discouraged-words', 3, 119, 3, 125]]);
  });

  it('map a modal verb after \\t and \\/', () => {
    // "  \"description\": \"" is 18 units, then "Tab" (3), \t (2), "and" (3), \/ (2), "or " (3): MAY at 31.
    const text = edit(BASE, '"Internal Receive', String.raw`"Tab\tand\/or MAY. Internal Receive`);
    assert.deepEqual(pin(lintOne(text, FILE)), [['modal-verbs', 3, 31, 3, 34]]);
  });
});
