import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findRule } from '../../../server/src/core/rules';
import type { ControlRule } from '../../../server/src/core/rules/rule';
import { copyCase, removeCopy, runMain } from './golden';

// Makes one rule throw, as a bug in a rule would, and runs the CLI on a golden case.
describe('internal rule errors', () => {
  const rule = findRule('title-period') as ControlRule;
  const check = rule.check;
  let caseDir = '';

  before(() => {
    rule.check = () => {
      throw new Error('rule failed on purpose');
    };
    caseDir = copyCase('clean');
  });

  after(() => {
    rule.check = check;
    removeCopy(caseDir);
  });

  it('reports the rule and file', async () => {
    const result = await runMain(['controls'], caseDir);
    assert.equal(
      result.stderr,
      'control-lint: internal error in rule title-period on controls/EDCA-GOV-012.json: Error: rule failed on purpose\n' +
        'control-lint: internal error in rule title-period on controls/EDCA-IAC-008.json: Error: rule failed on purpose\n',
    );
    assert.equal(result.stdout, 'No problems found in 2 files.\n');
    assert.equal(result.status, 2);
  });

  it('prints the stack with --verbose', async () => {
    const result = await runMain(['--verbose', 'controls/EDCA-GOV-012.json'], caseDir);
    const lines = result.stderr.split('\n');
    assert.equal(lines[0], 'control-lint: internal error in rule title-period on controls/EDCA-GOV-012.json: Error: rule failed on purpose');
    assert.match(lines[1] ?? '', /^ {4}at /);
    assert.equal(result.status, 2);
  });
});
