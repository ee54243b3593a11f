import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { describe, it } from 'node:test';
import { workerCount } from '../../../server/src/cli/workers';
import { readExpected, runCase, runMain } from './golden';
import { REPO_ROOT } from '../helpers';

// Cases that lint files without fixing them or checking links, including
// every kind of unreadable input. On worker threads their output must be the
// same as on the main thread, which their expected files record.
const CASES = [
  'binary-file',
  'catalogue',
  'clean',
  'config-rule-off',
  'empty-file',
  'format-github',
  'format-json',
  'format-sarif',
  'format-stylish',
  'github-input-problems',
  'glob',
  'invalid-utf8',
  'json-input-problems',
  'max-warnings-over',
  'missing-path',
  'quiet',
  'rule-override',
  'sarif-input-problems',
  'skip-other-json',
  'utf16-file',
];

describe('control-lint on worker threads', () => {
  for (const name of CASES) {
    it(`${name} with two workers`, async () => {
      const actual = await runCase(name, true, ['--concurrency', '2']);
      const expected = readExpected(name);
      assert.equal(actual.stdout, expected.stdout, `${name}: stdout`);
      assert.equal(actual.stderr, expected.stderr, `${name}: stderr`);
      assert.equal(actual.status, expected.status, `${name}: exit status`);
    });
  }

  it('rejects an invalid thread count', async () => {
    const result = await runMain(['--concurrency', 'two', 'controls'], REPO_ROOT);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      `control-lint: option '--concurrency <count|auto|off>' argument 'two' is invalid. Expected a whole number from 0 to 64, "auto" or "off".\n`,
    );
  });
});

describe('workerCount', () => {
  it('starts no worker by default', () => {
    assert.equal(workerCount(undefined, 20_000), 0);
  });

  it('auto needs 500 files', () => {
    assert.equal(workerCount('auto', 499), 0);
    assert.equal(workerCount('auto', 500), Math.min(os.availableParallelism() - 1, 4));
  });

  it('never starts more workers than files', () => {
    assert.equal(workerCount(8, 3), 3);
    assert.equal(workerCount(0, 3), 0);
  });
});
