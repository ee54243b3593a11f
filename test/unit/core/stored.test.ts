import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { type FileResult, lintSet, lintText } from '../../../server/src/core/lint';
import { MessagePool, StoredFinding, storeFinding, storeResult, storeResultWithSummaries } from '../../../server/src/core/stored';
import { CORPUS_DIR, REPO_ROOT } from '../helpers';

// The plain form of a finding that tests compare: what formatters read.
function plain(finding: { rule: string; severity: string; message: string; offset: number; length: number; range: unknown }) {
  const { rule, severity, message, offset, length, range } = finding;
  return { rule, severity, message, offset, length, range };
}

describe('stored results', () => {
  it('stored finding builds its range', () => {
    const finding = new StoredFinding('title-period', 'warning', 'Title ends with a period', 40, 1, 2, 30, 2, 31);
    assert.deepEqual(finding.range, { start: { line: 2, character: 30 }, end: { line: 2, character: 31 } });
    assert.notEqual(finding.range, finding.range, 'each call returns a fresh range that callers may change');
  });

  it('message pool keeps one copy', () => {
    const pool = new MessagePool();
    const first = pool.intern(`Severity ${'High'} allows weights 7 to 8`);
    const second = pool.intern(['Severity High', 'allows weights 7 to 8'].join(' '));
    assert.equal(first, 'Severity High allows weights 7 to 8');
    assert.ok(Object.is(first, second));
  });

  it('stored corpus results match full ones', () => {
    const names = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.json')).sort();
    const full: FileResult[] = [];
    const pool = new MessagePool();
    const stored = names.map((name) => {
      const text = fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8');
      full.push(lintText(text, { file: name, config: DEFAULT_CONFIG }));
      return storeResult(lintText(text, { file: name, config: DEFAULT_CONFIG }), pool);
    });
    lintSet(full, DEFAULT_CONFIG);
    lintSet(stored, DEFAULT_CONFIG, undefined, {}, (finding) => storeFinding(finding));
    assert.equal(stored.length, 150);
    let count = 0;
    for (const [index, result] of stored.entries()) {
      const expected = full[index] as FileResult;
      assert.equal(result.file, expected.file);
      assert.equal(result.kind, expected.kind);
      assert.deepEqual(result.findings.map(plain), expected.findings.map(plain));
      assert.ok(result.findings.every((finding) => finding instanceof StoredFinding));
      assert.deepEqual(
        result.controls.map((control) => ({ id: control.id && plain0(control.id), citations: control.citations.map(plain0) })),
        expected.controls.map((control) => ({ id: control.id && plain0(control.id), citations: control.citations.map(plain0) })),
      );
      count += result.findings.length;
    }
    assert.equal(count, 386);
  });

  it('keeps whole summaries on request', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-DATA-003.json'), 'utf8');
    const result = lintText(text, { file: 'EDCA-DATA-003.json', config: DEFAULT_CONFIG });
    const stored = storeResultWithSummaries(result, new MessagePool());
    assert.equal(stored.controls, result.controls);
    assert.equal(stored.controls[0]?.severity, 'High');
  });
});

function plain0(occurrence: { id: string; offset: number; length: number; range: unknown }) {
  const { id, offset, length, range } = occurrence;
  return { id, offset, length, range };
}
