import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { lintText } from '../../../server/src/core/lint';

describe('schema findings in wide objects', () => {
  it('place unknown keys past the index size', () => {
    // 40 unknown keys, then x5 again: strict readers keep the later x5, so its finding is on the later key.
    const keys = Array.from({ length: 40 }, (_, i) => `"x${i}": ${i}`);
    const text = `{"id": "EDCA-SEC-001", ${keys.join(', ')}, "x5": 99}`;
    const findings = lintText(text, { file: 'EDCA-SEC-001.json', config: DEFAULT_CONFIG, fixes: true })
      .findings.filter((finding) => finding.message.startsWith('property "x'));
    assert.equal(findings.length, 40);
    const expected = Array.from({ length: 40 }, (_, i) => (i === 5 ? text.lastIndexOf('"x5"') : text.indexOf(`"x${i}"`)));
    assert.deepEqual(
      findings.map((finding) => finding.offset).sort((a, b) => a - b),
      expected.sort((a, b) => a - b),
    );
    const later = findings.find((finding) => finding.offset === text.lastIndexOf('"x5"'));
    assert.equal(later?.length, 4);
    assert.deepEqual(later?.fixes?.[0]?.title, 'Remove the property "x5"');
  });
});
