import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGithub } from '../../../server/src/cli/formats/github';
import type { Report } from '../../../server/src/cli/formats/report';

function reportOf(file: string, message: string): Report {
  const range = { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } };
  const finding = { rule: 'title-period', severity: 'warning' as const, message, range, offset: 0, length: 5 };
  return {
    results: [{ file, kind: 'control', findings: [finding] }],
    problems: [],
    fileCount: 1,
    quiet: false,
    packageRoot: '/package',
    version: '0.0.0',
  };
}

describe('formatGithub', () => {
  it('escapes properties', () => {
    const output = formatGithub(reportOf('a:b,c%.json', 'm'));
    assert.equal(output, '::warning file=a%3Ab%2Cc%25.json,line=3,col=5,endLine=3,endColumn=10,title=title-period::m\n');
  });

  it('escapes the message', () => {
    const output = formatGithub(reportOf('x.json', 'one\r\ntwo: 100%, done'));
    assert.equal(output, '::warning file=x.json,line=3,col=5,endLine=3,endColumn=10,title=title-period::one%0D%0Atwo: 100%25, done\n');
  });

  it('omits columns across lines', () => {
    const report = reportOf('x.json', 'm');
    const finding = report.results[0]?.findings[0];
    if (finding) finding.range = { start: { line: 0, character: 0 }, end: { line: 1, character: 3 } };
    assert.equal(formatGithub(report), '::warning file=x.json,line=1,endLine=2,title=title-period::m\n');
  });

  it('prints nothing without findings', () => {
    const report = reportOf('x.json', 'm');
    report.results = [];
    assert.equal(formatGithub(report), '');
  });
});
