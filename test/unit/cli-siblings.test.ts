import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { CORPUS_DIR } from './helpers';

async function run(args: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const status = await main(args, { cwd: CORPUS_DIR, stdout: (text) => (stdout += text), stderr: () => undefined });
  return { status, stdout };
}

describe('control-lint on one file of a folder', () => {
  it('accepts citations of files beside it', async () => {
    const { stdout } = await run(['EDCA-TLS-028.json', '--format', 'json']);
    const report = JSON.parse(stdout) as { files: Array<{ findings: Array<{ rule: string }> }> };
    const rules = report.files[0]?.findings.map((finding) => finding.rule) ?? [];
    assert.equal(rules.includes('unknown-control-reference'), false);
  });

  it('reports a citation of a missing file', async () => {
    const { stdout } = await run(['EDCA-IAC-004.json', '--rule', 'discouraged-words=off', '--rule', 'template-live-remediation=off']);
    const unknown = stdout.split('\n').filter((line) => line.includes('unknown-control-reference'));
    assert.deepEqual(unknown, ['EDCA-IAC-004.json:42:1033 error unknown-control-reference No control with id EDCA-SEC-014 in the linted set']);
  });
});
