import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listCases, readExpected, runCase, writeExpected } from './golden';

// UPDATE_GOLDEN=1 npm test rewrites the expected files from the current output
// instead of comparing. Review every changed file before committing it.
const update = process.env.UPDATE_GOLDEN === '1';

describe('control-lint golden cases', () => {
  for (const name of listCases()) {
    it(name, async () => {
      const actual = await runCase(name);
      if (update) {
        writeExpected(name, actual);
        return;
      }
      const expected = readExpected(name);
      const hint = `run UPDATE_GOLDEN=1 npm test to write it, then review it`;
      assert.ok(expected.stdout !== undefined, `${name}/stdout.txt is missing; ${hint}`);
      assert.ok(expected.stderr !== undefined, `${name}/stderr.txt is missing; ${hint}`);
      assert.ok(expected.status !== undefined, `${name}/status.txt is missing; ${hint}`);
      assert.equal(actual.stdout, expected.stdout, `${name}: stdout`);
      assert.equal(actual.stderr, expected.stderr, `${name}: stderr`);
      assert.equal(actual.status, expected.status, `${name}: exit status`);
    });
  }
});
