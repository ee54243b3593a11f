import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readIndexingOptions } from '../../../server/src/lsp/settings';

describe('readIndexingOptions', () => {
  it('reads a worker count', () => {
    assert.deepEqual(readIndexingOptions({ workers: 0 }), { workers: 0 });
    assert.deepEqual(readIndexingOptions({ workers: 3 }), { workers: 3 });
    assert.deepEqual(readIndexingOptions({ workers: 16 }), { workers: 16 });
  });

  it('ignores invalid worker counts', () => {
    for (const workers of [-1, 1.5, 17, '2', null, true]) {
      assert.deepEqual(readIndexingOptions({ workers }), {}, JSON.stringify(workers));
    }
  });

  it('ignores missing options', () => {
    assert.deepEqual(readIndexingOptions(undefined), {});
    assert.deepEqual(readIndexingOptions('workers'), {});
    assert.deepEqual(readIndexingOptions({}), {});
  });
});
