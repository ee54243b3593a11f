import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { type FileResult, lintText } from '../../../server/src/core/lint';
import { parseDocument } from '../../../server/src/core/parse';
import { CORPUS_DIR } from '../helpers';

// lintText takes a control's value from the strict JSON parser when the text
// is strict JSON, and from jsonc-parser's getNodeValue otherwise. A comment
// after the root sends the same text down the second path without moving any
// offset, so both paths must give the same summaries, and the same findings
// apart from the comment's own.

const COMMENT = '\n// end\n';

function corpusTexts(): Array<[string, string]> {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8')]);
}

// Adds members before the closing brace of the root object, so that they
// follow, and win over, any earlier member with the same key.
function appendMembers(text: string, members: string): string {
  const end = text.lastIndexOf('}');
  return `${text.slice(0, end)}, ${members}${text.slice(end)}`;
}

function withoutComments(result: FileResult): FileResult {
  return { ...result, findings: result.findings.filter((finding) => finding.rule !== 'no-comments') };
}

// Lints the text on both paths and asserts equal results.
function assertSamePaths(file: string, text: string): FileResult {
  assert.notEqual(parseDocument(text).rootValue, undefined, `${file}: not parsed as strict JSON`);
  assert.equal(parseDocument(text + COMMENT).rootValue, undefined, `${file}: parsed as strict JSON with a comment`);
  const strict = lintText(text, { file, config: DEFAULT_CONFIG });
  const tolerant = lintText(text + COMMENT, { file, config: DEFAULT_CONFIG });
  assert.deepEqual(strict, withoutComments(tolerant), file);
  return strict;
}

describe('lintText parse paths', () => {
  it('agree on the corpus', () => {
    for (const [name, text] of corpusTexts()) assertSamePaths(name, text);
  });

  it('agree with duplicate and special keys', () => {
    const members = [
      '"title": "Replaced title"',
      '"__proto__": {"id": "EDCA-SEC-001"}',
      '"constructor": "EDCA-SEC-002"',
      '"frameworks": ["CIS", 1, "EDCA-TLS-003"]',
      '"severity": "Low"',
    ].join(', ');
    for (const [name, text] of corpusTexts().slice(0, 20)) {
      const result = assertSamePaths(name, appendMembers(text, members));
      const summary = result.controls[0];
      assert.equal(summary?.title, 'Replaced title', name);
      assert.equal(summary?.severity, 'Low', name);
      assert.deepEqual(summary?.frameworks, ['CIS', 'EDCA-TLS-003'], name);
      assert.ok(summary?.citations.some((citation) => citation.id === 'EDCA-SEC-002'), `${name}: no citation in "constructor"`);
    }
  });

  it('agree on a catalogue with other elements', () => {
    const [first, second] = corpusTexts().map(([, text]) => text.trim());
    const text = `[1, ${first}, "EDCA-SEC-001", ${appendMembers(second ?? '', '"title": "Last"')}, null]`;
    const result = assertSamePaths('controls.json', text);
    assert.equal(result.controls.length, 2);
    assert.equal(result.controls[1]?.title, 'Last');
  });
});
