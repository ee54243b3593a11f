import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Node } from 'jsonc-parser';
import { parseDocument } from '../../../server/src/core/parse';
import { stringSpan } from '../../../server/src/core/strings';
import { CORPUS_DIR } from '../helpers';

// stringSpan maps a string written without escapes by arithmetic and any
// other string through an offset table. The pinned cases give both kinds the
// same value, so that both ways must agree on every span, including spans
// that reach outside the value.

function stringNodes(root: Node | undefined): Node[] {
  const found: Node[] = [];
  const stack: Node[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'string') found.push(node);
    for (const child of node.children ?? []) stack.push(child);
  }
  return found;
}

// "abc" at offset 1, and "abc" again at offset 8, written a\u0062c.
const TEXT = String.raw`["abc", "a\u0062c"]`;

type Case = [start: number, end: number, plain: [number, number], escaped: [number, number]];

const CASES: Case[] = [
  [0, 3, [2, 3], [9, 8]],
  [1, 2, [3, 1], [10, 6]],
  [0, 0, [2, 0], [9, 0]],
  [3, 3, [5, 0], [17, 0]],
  [2, 9, [4, 1], [16, 1]],
  [-1, 2, [1, 3], [8, 8]],
  [3, 1, [5, 0], [17, 0]],
  [1.5, 2, [1, 3], [8, 8]],
];

describe('stringSpan', () => {
  it('gives escaped and plain strings the same spans', () => {
    const [plain, escaped] = stringNodes(parseDocument(TEXT).root).sort((a, b) => a.offset - b.offset);
    assert.equal(plain?.value, 'abc');
    assert.equal(escaped?.value, 'abc');
    for (const [start, end, plainSpan, escapedSpan] of CASES) {
      const label = `[${start}, ${end})`;
      const [plainOffset, plainLength] = plainSpan;
      const [escapedOffset, escapedLength] = escapedSpan;
      assert.deepEqual(stringSpan(TEXT, plain as Node, start, end), { offset: plainOffset, length: plainLength }, `plain ${label}`);
      assert.deepEqual(stringSpan(TEXT, escaped as Node, start, end), { offset: escapedOffset, length: escapedLength }, `escaped ${label}`);
    }
  });

  it('maps a value with backslashes through its escapes', () => {
    // The source of the value \\ starts with \\, but each backslash of the value is written as two.
    const text = String.raw`"\\\\"`;
    const node = parseDocument(text).root as Node;
    assert.equal(node.value, '\\\\');
    assert.deepEqual(stringSpan(text, node, 1, 2), { offset: 3, length: 2 });
  });

  it('covers the source of every slice of corpus strings', () => {
    const names = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.json'));
    let checked = 0;
    for (const name of names.sort().slice(0, 30)) {
      const text = fs.readFileSync(`${CORPUS_DIR}/${name}`, 'utf8');
      for (const node of stringNodes(parseDocument(text).root)) {
        const value = node.value as string;
        const step = Math.max(1, value.length >> 3);
        for (let start = 0; start <= value.length; start += step) {
          for (let end = start; end <= value.length; end += step) {
            const span = stringSpan(text, node, start, end);
            const source = text.slice(span.offset, span.offset + span.length);
            assert.equal(JSON.parse(`"${source}"`), value.slice(start, end), `${name} at ${node.offset}: [${start}, ${end})`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 10000, `checked only ${checked} spans`);
  });
});
