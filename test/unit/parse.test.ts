import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../server/src/core/parse';
import { lintOne, pin } from './helpers';

describe('parseDocument', () => {
  it('keeps offsets after a no-break space', () => {
    const doc = parseDocument('{\u00a0"a": 1}');
    assert.equal(doc.syntaxErrors.length, 0);
    assert.deepEqual(doc.strayWhitespace, [{ offset: 1, code: 0xa0 }]);
    assert.equal(doc.root?.children?.[0]?.offset, 2);
  });

  it('ignores no-break spaces inside strings', () => {
    const doc = parseDocument('{"a": "x\u00a0y"}');
    assert.deepEqual(doc.strayWhitespace, []);
  });

  it('finds a trailing comma after a comment', () => {
    const doc = parseDocument('[1, // one\n]');
    assert.deepEqual(doc.trailingCommas, [2]);
    assert.deepEqual(doc.comments, [{ offset: 4, length: 6 }]);
  });

  it('accepts a BOM at offset 0', () => {
    const doc = parseDocument('\ufeff{"a": 1}');
    assert.deepEqual(doc.syntaxErrors, []);
    assert.deepEqual(doc.strayWhitespace, []);
    assert.equal(doc.root?.offset, 1);
    assert.equal(doc.root?.children?.[0]?.children?.[1]?.value, 1);
  });

  it('marks each case-only duplicate key', () => {
    // Keys start at offsets 1, 10, 19 and 28.
    const doc = parseDocument('{"Id": 1, "id": 2, "ID": 3, "Id": 4}');
    const found = doc.duplicateKeys.map((entry) => [entry.key.offset, entry.first.offset, entry.caseOnly]);
    assert.deepEqual(found, [
      [10, 1, true],
      [19, 1, true],
      [28, 1, false],
    ]);
  });

  it('keeps duplicates per object', () => {
    const doc = parseDocument('{"a": {"x": 1}, "b": {"x": 2, "X": 3}}');
    assert.deepEqual(doc.duplicateKeys.map((entry) => entry.key.offset), [30]);
  });

  it('finds line and block comments', () => {
    // "[1, " is 4 units, "// one" ends at the line feed at 10 and "/* two\nlines */" spans 11 to 26.
    const doc = parseDocument('[1, // one\n/* two\nlines */ 2 /* three */]');
    assert.deepEqual(doc.comments, [
      { offset: 4, length: 6 },
      { offset: 11, length: 15 },
      { offset: 29, length: 11 },
    ]);
    assert.deepEqual(doc.syntaxErrors, []);
  });

  it('finds a comment at the end', () => {
    const doc = parseDocument('{"a": 1} // done');
    assert.deepEqual(doc.comments, [{ offset: 9, length: 7 }]);
  });

  it('ignores comment marks in strings', () => {
    const doc = parseDocument('{"url": "https://example.com/*x*/", "b": "//"}');
    assert.deepEqual(doc.comments, []);
  });

  it('finds trailing commas at each depth', () => {
    // The commas at 11 (array), 27 (inner object) and 29 (outer object) are trailing, but 8 and 13 are not.
    const doc = parseDocument('{"a": [1, 2,], "b": {"c": 1,},}');
    assert.deepEqual(doc.trailingCommas, [11, 27, 29]);
  });

  it('finds a trailing comma before a line end', () => {
    const doc = parseDocument('[\n  1,\n  2,\r\n]');
    assert.deepEqual(doc.trailingCommas, [10]);
  });

  it('ignores a comma before a bracket in a string', () => {
    const doc = parseDocument('["a,]", "b,}"]');
    assert.deepEqual(doc.trailingCommas, []);
  });

  it('reports case-only duplicate keys', () => {
    const result = lintOne('{"title": "a", "Title": "b"}', 'x.json');
    const duplicates = pin(result).filter((p) => p[0] === 'duplicate-key');
    assert.deepEqual(duplicates, [['duplicate-key', 0, 15, 0, 22]]);
  });
});
