import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers';
import { copyCase, normalize, readArgs, readExpected, removeCopy, type RunResult } from './golden';

// These tests run bin/control-lint.js, which loads the bundle dist/cli.js:
// `npm test` builds it first.
const BIN = path.join(REPO_ROOT, 'bin', 'control-lint.js');

function runBin(args: string[], cwd: string): RunResult {
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { stdout: child.stdout, stderr: child.stderr, status: child.status ?? -1 };
}

// Runs a golden case through the binary, for comparison with its expected files.
function runCaseBin(name: string): RunResult {
  const caseDir = copyCase(name);
  try {
    const result = runBin(readArgs(name, caseDir), caseDir);
    return { stdout: normalize(result.stdout, caseDir), stderr: normalize(result.stderr, caseDir), status: result.status };
  } finally {
    removeCopy(caseDir);
  }
}

describe('bin/control-lint.js', () => {
  for (const name of ['format-stylish', 'format-sarif', 'clean', 'unknown-option']) {
    it(`runs ${name} like main()`, () => {
      const actual = runCaseBin(name);
      const expected = readExpected(name);
      assert.equal(actual.stderr, expected.stderr);
      assert.equal(actual.stdout, expected.stdout);
      assert.equal(actual.status, expected.status);
    });
  }

  it('lints on the bundled worker threads', () => {
    const corpus = path.join('test', 'fixtures', 'corpus', 'edca');
    const onWorkers = runBin(['--concurrency', '2', '--format', 'json', corpus], REPO_ROOT);
    const onMain = runBin(['--concurrency', 'off', '--format', 'json', corpus], REPO_ROOT);
    assert.equal(onWorkers.stderr, '');
    assert.equal(onWorkers.status, 1);
    assert.equal(onWorkers.stdout, onMain.stdout);
    assert.equal((JSON.parse(onWorkers.stdout) as { summary: { files: number } }).summary.files, 150);
  });

  it('prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = runBin(['--version'], REPO_ROOT);
    assert.equal(result.stdout, `${pkg.version}\n`);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });
});
