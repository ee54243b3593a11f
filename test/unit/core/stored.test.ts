import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { type FileResult, lintSet, lintText } from '../../../server/src/core/lint';
import { packFindings } from '../../../server/src/core/packed';
import { FindingTable, idsOnly, MessagePool, StoredFinding, StoredResult, wholeSummaries } from '../../../server/src/core/stored';
import type { Finding } from '../../../server/src/core/types';
import { CORPUS_DIR, REPO_ROOT } from '../helpers';

// The plain form of a finding that tests compare: what formatters read.
function plain(finding: Finding) {
  const { rule, severity, message, offset, length, range } = finding;
  return { rule, severity, message, offset, length, range };
}

function plainOccurrence(occurrence: { id: string; offset: number; length: number; range: unknown }) {
  const { id, offset, length, range } = occurrence;
  return { id, offset, length, range };
}

function corpusTexts(): Array<{ name: string; text: string }> {
  const names = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.json')).sort();
  return names.map((name) => ({ name, text: fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8') }));
}

const warning: Finding = {
  rule: 'title-period',
  severity: 'warning',
  message: 'Title ends with a period',
  range: { start: { line: 2, character: 30 }, end: { line: 2, character: 31 } },
  offset: 40,
  length: 1,
};
const error: Finding = {
  rule: 'severity-weight',
  severity: 'error',
  message: 'Severity High allows weights 7 to 8; found 3',
  range: { start: { line: 5, character: 20 }, end: { line: 5, character: 21 } },
  offset: 90,
  length: 1,
};

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

  it('table returns what was added', () => {
    const table = new FindingTable(new MessagePool());
    assert.equal(table.add([warning, error]), 0);
    assert.equal(table.addPacked(packFindings([error])), 2);
    assert.deepEqual(table.finding(0), warning);
    assert.deepEqual(table.finding(1), error);
    assert.deepEqual(table.finding(2), error);
    assert.equal(table.severity(1), 'error');
  });

  it('table grows past its first size', () => {
    const table = new FindingTable(new MessagePool());
    for (let i = 0; i < 5000; i++) table.add([{ ...warning, offset: i }]);
    assert.equal(table.finding(4999).offset, 4999);
    assert.deepEqual(table.finding(4096), { ...warning, offset: 4096 });
  });

  it('added findings join in position order', () => {
    const table = new FindingTable(new MessagePool());
    const result = new StoredResult('a.json', 'control', [], table, table.add([warning, error]), 2);
    const early = { ...error, rule: 'id-duplicate', offset: 40, length: 1, message: 'Id EDCA-DATA-003 is also used at b.json:2' };
    result.addFindings([{ ...error, offset: 95 }, early]);
    assert.deepEqual(
      result.findings.map((finding) => [finding.rule, finding.offset]),
      [
        ['title-period', 40],
        ['id-duplicate', 40],
        ['severity-weight', 90],
        ['severity-weight', 95],
      ],
    );
    result.keepErrorsOnly();
    assert.deepEqual(
      result.findings.map((finding) => [finding.rule, finding.offset]),
      [
        ['id-duplicate', 40],
        ['severity-weight', 90],
        ['severity-weight', 95],
      ],
    );
  });

  it('counts its own and added findings by severity, errors only after keepErrorsOnly', () => {
    const table = new FindingTable(new MessagePool());
    table.add([error]);
    const info: Finding = { ...warning, rule: 'requirement-keyword', severity: 'info', offset: 50 };
    const result = new StoredResult('a.json', 'control', [], table, table.add([warning, info, error]), 3);
    result.addFindings([{ ...error, offset: 95 }, { ...warning, offset: 96 }]);
    const counts = { errors: 0, warnings: 0, infos: 0 };
    result.addCounts(counts);
    assert.deepEqual(counts, { errors: 2, warnings: 2, infos: 1 });
    result.keepErrorsOnly();
    const errorsOnly = { errors: 0, warnings: 0, infos: 0 };
    result.addCounts(errorsOnly);
    assert.deepEqual(errorsOnly, { errors: 2, warnings: 0, infos: 0 });
  });

  it('stored corpus results match full ones', () => {
    const full: FileResult[] = [];
    const table = new FindingTable(new MessagePool());
    const stored = corpusTexts().map(({ name, text }) => {
      full.push(lintText(text, { file: name, config: DEFAULT_CONFIG }));
      const result = lintText(text, { file: name, config: DEFAULT_CONFIG, fixes: false });
      return new StoredResult(name, result.kind, idsOnly(result.controls, name), table, table.add(result.findings), result.findings.length);
    });
    lintSet(full, DEFAULT_CONFIG);
    lintSet(stored, DEFAULT_CONFIG);
    assert.equal(stored.length, 150);
    let count = 0;
    for (const [index, result] of stored.entries()) {
      const expected = full[index] as FileResult;
      assert.equal(result.file, expected.file);
      assert.equal(result.kind, expected.kind);
      assert.deepEqual(result.findings.map(plain), expected.findings.map(plain));
      assert.deepEqual(
        result.controls.map((control) => ({ id: control.id && plainOccurrence(control.id), citations: control.citations.map(plainOccurrence) })),
        expected.controls.map((control) => ({ id: control.id && plainOccurrence(control.id), citations: control.citations.map(plainOccurrence) })),
      );
      count += result.findings.length;
    }
    assert.equal(count, 386);
  });

  it('deferred cross-file findings match plain ones', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-DATA-003.json'), 'utf8');
    const cited = text.replace('"description": "', '"description": "See EDCA-SEC-999. ');
    const files = [
      { name: 'a/EDCA-DATA-003.json', text },
      { name: 'b/EDCA-DATA-003.json', text: cited },
      { name: 'c/EDCA-DATA-003.json', text },
    ];
    const full = files.map(({ name, text: source }) => lintText(source, { file: name, config: DEFAULT_CONFIG }));
    const table = new FindingTable(new MessagePool());
    const stored = files.map(({ name, text: source }) => {
      const result = lintText(source, { file: name, config: DEFAULT_CONFIG, fixes: false });
      return new StoredResult(name, result.kind, idsOnly(result.controls, name), table, table.add(result.findings), result.findings.length);
    });
    lintSet(full, DEFAULT_CONFIG);
    lintSet(stored, DEFAULT_CONFIG);
    const crossFile = (findings: Finding[]) => findings.filter((finding) => finding.rule === 'id-duplicate' || finding.rule === 'unknown-control-reference').map(plain);
    assert.deepEqual(crossFile(stored[1]?.findings ?? []), crossFile(full[1]?.findings ?? []));
    assert.deepEqual(
      crossFile(stored[1]?.findings ?? []).map((finding) => finding.message),
      ['Id EDCA-DATA-003 is also used at a/EDCA-DATA-003.json:2, c/EDCA-DATA-003.json:2', 'No control with id EDCA-SEC-999 in the linted set'],
    );
    for (const [index, result] of stored.entries()) {
      assert.deepEqual(result.findings.map(plain), (full[index] as FileResult).findings.map(plain));
    }
  });

  it('keeps whole summaries on request', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-DATA-003.json'), 'utf8');
    const result = lintText(text, { file: 'EDCA-DATA-003.json', config: DEFAULT_CONFIG });
    assert.equal(wholeSummaries(result.controls), result.controls);
    assert.equal(result.controls[0]?.severity, 'High');
  });
});
