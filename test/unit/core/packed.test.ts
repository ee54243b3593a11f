import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/core/types';
import { countPacked, FIELDS, joinPackedNumbers, NO_PACKED_FINDINGS, packedCount, packFindings, unpackFindings } from '../../../server/src/core/packed';

function finding(rule: string, severity: Finding['severity'], offset: number, message: string): Finding {
  return { rule, severity, message, offset, length: 3, range: { start: { line: 1, character: offset }, end: { line: 2, character: 4 } } };
}

const FINDINGS: Finding[] = [
  finding('json-whitespace', 'info', 5, 'Tab character'),
  finding('severity-weight', 'warning', 12, 'severityWeight 8 is outside the Medium range 4-6'),
  finding('id-duplicate', 'error', 30, 'Id EDCA-SEC-001 is also used at a.json:2'),
  finding('link-moved', 'warning', 41, 'Reference URL moved permanently: 301'),
];

describe('packed findings', () => {
  it('unpacks what was packed', () => {
    const packed = packFindings(FINDINGS);
    assert.equal(packed.numbers.length, FINDINGS.length * FIELDS);
    assert.equal(packedCount(packed), 4);
    assert.deepEqual(unpackFindings(packed), FINDINGS);
  });

  it('leaves fixes out', () => {
    const withFix: Finding = { ...finding('title-period', 'warning', 0, 'Title ends with a period'), fixes: [{ title: 'Remove the period', edits: [], targets: [] }] };
    const [unpacked] = unpackFindings(packFindings([withFix]));
    assert.equal(unpacked?.fixes, undefined);
    assert.equal(unpacked?.message, 'Title ends with a period');
  });

  it('shares one empty list', () => {
    assert.equal(packFindings([]), NO_PACKED_FINDINGS);
    assert.deepEqual(unpackFindings(NO_PACKED_FINDINGS), []);
  });

  it('rejects an unknown rule', () => {
    assert.throws(() => packFindings([finding('no-such-rule', 'error', 0, 'x')]), /rule "no-such-rule": no rule in the registry has this id/);
  });

  it('counts errors and warnings', () => {
    const counts = { errors: 0, warnings: 0 };
    countPacked(packFindings(FINDINGS), counts);
    assert.deepEqual(counts, { errors: 1, warnings: 2 });
  });

  it('joins lists into one buffer', () => {
    const first = packFindings(FINDINGS.slice(0, 1));
    const second = packFindings(FINDINGS.slice(1));
    const lists = [first, { ...NO_PACKED_FINDINGS }, second];
    const buffer = joinPackedNumbers(lists);
    assert.equal(buffer.byteLength, FINDINGS.length * FIELDS * Int32Array.BYTES_PER_ELEMENT);
    assert.equal(first.numbers.buffer, buffer);
    assert.equal(second.numbers.buffer, buffer);
    assert.equal(second.numbers.byteOffset, FIELDS * Int32Array.BYTES_PER_ELEMENT);
    assert.deepEqual([...unpackFindings(first), ...unpackFindings(second)], FINDINGS);
  });
});
