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

  it('reports case-only duplicate keys', () => {
    const result = lintOne('{"title": "a", "Title": "b"}', 'x.json');
    const duplicates = pin(result).filter((p) => p[0] === 'duplicate-key');
    assert.deepEqual(duplicates, [['duplicate-key', 0, 15, 0, 22]]);
  });
});
