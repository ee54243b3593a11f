import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stableSort } from '../../../server/src/core/sort';
import { seededRandom } from '../helpers';

interface Item {
  key: number;
  index: number;
}

const byKey = (a: Item, b: Item): number => a.key - b.key;


describe('stableSort', () => {
  it('orders as Array.prototype.sort does', () => {
    const pick = seededRandom(7);
    // Lengths on both sides of the insertion sort limit, with few distinct keys so that ties are common.
    for (let length = 0; length <= 40; length++) {
      for (let round = 0; round < 50; round++) {
        const items = Array.from({ length }, (_, index) => ({ key: pick(1 + (length >> 2)), index }));
        const expected = [...items].sort(byKey);
        assert.deepEqual(stableSort(items, byKey), expected, `length ${length}, round ${round}`);
      }
    }
  });

  it('keeps the order of equal elements', () => {
    const items = [3, 1, 3, 2, 1, 3].map((key, index) => ({ key, index }));
    const indexes = stableSort(items, byKey).map((item) => item.index);
    assert.deepEqual(indexes, [1, 4, 3, 0, 2, 5]);
  });

  it('sorts in place', () => {
    const items = [{ key: 2, index: 0 }, { key: 1, index: 1 }];
    assert.equal(stableSort(items, byKey), items);
    assert.deepEqual(items.map((item) => item.key), [1, 2]);
  });
});
