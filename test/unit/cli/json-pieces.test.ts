import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonWithArray } from '../../../server/src/cli/formats/report';

// The value of a report around its array, at two depths, as the JSON and SARIF formats build them.
const shallow = (array: unknown): object => ({ files: array, problems: [{ path: 'a.json', message: 'empty file' }], summary: { files: 2, errors: 0 } });
const deep = (array: unknown): object => ({ version: '2.1.0', runs: [{ tool: { name: 'control-lint', rules: [] }, results: array }] });

const items: unknown[] = [
  { path: 'controls/EDCA-DATA-003.json', findings: [] },
  { path: 'b.json', findings: [{ message: 'line one\nline two "quoted" \\ \u0000', range: { start: { line: 0, character: 1 } } }] },
  [],
  'text',
  7,
  null,
];

function* once<T>(values: readonly T[]): Generator<T> {
  yield* values;
}

describe('jsonWithArray', () => {
  for (const [name, valueWith] of [
    ['top-level property', shallow],
    ['property nested in an array element', deep],
  ] as const) {
    it(`matches JSON.stringify: ${name}`, () => {
      for (const count of [0, 1, items.length]) {
        const array = items.slice(0, count);
        const pieces = [...jsonWithArray(valueWith, once(array))];
        assert.equal(pieces.join(''), JSON.stringify(valueWith(array), null, 2), `${count} items`);
        if (count > 1) assert.ok(pieces.length > count, 'each item is a piece of its own');
      }
    });
  }

  it('falls back when the marker repeats', () => {
    // Another value with the marker's text, which starts with a NUL character, makes the marker ambiguous.
    const marker = '\u0000control-lint array\u0000';
    const valueWith = (array: unknown): object => ({ note: marker, files: array });
    const pieces = [...jsonWithArray(valueWith, once(items))];
    assert.deepEqual(pieces, [JSON.stringify(valueWith(items), null, 2)]);
  });
});
