import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { before, describe, it } from 'node:test';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';
import { fixturePath } from '../helpers';
import { listCases, readArgs, runCase } from './golden';

// The golden cases that print SARIF, each checked on its real output, before
// the test replaces file URLs with tokens.
const SARIF_CASES = listCases().filter((name) => {
  const args = readArgs(name, '');
  return args.some((arg, i) => arg === 'sarif' && ['--format', '-f'].includes(args[i - 1] ?? ''));
});

// The schema declares JSON Schema 2020-12, so it needs Ajv2020: Ajv's default
// export (draft-07) rejects the $schema URI. Strict mode is off because it
// reports schema-authoring issues of the published schema (a `required`
// property not listed in the same subschema), not errors in the data.
function compileSarifSchema(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(fixturePath('sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

async function sarifOutput(name: string): Promise<sarif.Log> {
  const result = await runCase(name, false);
  return JSON.parse(result.stdout) as sarif.Log;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`).join('\n');
}

describe('SARIF output', () => {
  let validate: ValidateFunction;

  before(() => {
    validate = compileSarifSchema();
  });

  it('has golden cases to check', () => {
    assert.deepEqual(SARIF_CASES, ['format-sarif', 'sarif-input-problems', 'sarif-special-names']);
  });

  for (const name of SARIF_CASES) {
    it(`${name} matches the schema`, async () => {
      const log = await sarifOutput(name);
      assert.ok(validate(log), describeErrors(validate));
    });

    it(`${name} ruleIndex matches ruleId`, async () => {
      const run = (await sarifOutput(name)).runs[0];
      const rules = run?.tool.driver.rules ?? [];
      for (const result of run?.results ?? []) {
        assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId);
      }
    });
  }

  it('counts columns in UTF-16 code units', async () => {
    const log = await sarifOutput('format-sarif');
    assert.equal(log.runs[0]?.columnKind, 'utf16CodeUnits');
  });

  it('schema rejects an invalid level', async () => {
    const log = await sarifOutput('format-sarif');
    const result = log.runs[0]?.results?.[0] as unknown as Record<string, unknown>;
    result.level = 'fatal';
    assert.equal(validate(log), false);
    assert.deepEqual(
      validate.errors?.map((error) => error.instancePath),
      ['/runs/0/results/0/level'],
    );
  });

  it('schema rejects an invalid base URI', async () => {
    const log = await sarifOutput('format-sarif');
    const base = log.runs[0]?.originalUriBaseIds?.SRCROOT as sarif.ArtifactLocation;
    base.uri = 'not a URI';
    assert.equal(validate(log), false);
  });
});
