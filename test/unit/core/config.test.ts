import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import controlSchema from '../../../schemas/control.schema.json';
import configSchema from '../../../schemas/controlstudio.schema.json';
import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../../server/src/core/config';
import { lintOne, readFixture } from '../helpers';

// Returns the detail of the ConfigError that parseConfig throws for `text`.
function configProblem(text: string): string {
  try {
    parseConfig(text, '.controlstudio.json');
  } catch (error) {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
    return error.detail;
  }
  assert.fail('parseConfig accepted the text');
}

describe('configuration schema', () => {
  it('passes the draft 2020-12 meta-schema', () => {
    const ajv = new Ajv2020({ strict: true });
    ajv.addVocabulary(['markdownDescription']);
    const valid = ajv.validateSchema(configSchema);
    assert.equal(valid, true, ajv.errorsText(ajv.errors));
  });
});

describe('frameworkHosts', () => {
  const frameworks = controlSchema.$defs.control.properties.frameworks.items.enum;

  it('has defaults for known frameworks', () => {
    for (const framework of Object.keys(DEFAULT_CONFIG.frameworkHosts)) assert.ok(frameworks.includes(framework), framework);
  });

  it('accepts Best Practice', () => {
    const config = parseConfig('{ "frameworkHosts": { "Best Practice": ["learn.microsoft.com"] } }', '.controlstudio.json');
    assert.deepEqual(config.frameworkHosts['Best Practice'], ['learn.microsoft.com']);
  });

  it('adds a framework that is not built in', () => {
    const config = parseConfig('{ "frameworkHosts": { "NIST": ["nist.gov"] } }', '.controlstudio.json');
    const control = JSON.parse(readFixture('base', 'EDCA-TLS-101.json')) as { frameworks: string[]; references: Array<{ name: string; url: string }> };
    control.frameworks.push('NIST');
    control.references.push({ name: 'NIST SP 800-52', url: 'https://csrc.nist.gov/pubs/sp/800/52/r2/final' });
    const rules = lintOne(JSON.stringify(control, null, 2), 'EDCA-TLS-101.json', config).findings.map((f) => `${f.rule}: ${f.message}`);
    assert.deepEqual(rules, []);
  });
});

describe('parseConfig duplicate keys', () => {
  it('rejects a repeated key', () => {
    assert.equal(
      configProblem('{"rules": {"title-period": "off"}, "rules": {}}'),
      'invalid configuration at line 1, column 36: duplicate key "rules", first defined on line 1; keep one of them',
    );
  });

  it('rejects a nested repeated key', () => {
    assert.equal(
      configProblem('{\n "rules": {\n  "title-period": "off",\n  "title-period": "error"\n }\n}'),
      'invalid configuration at line 4, column 3: duplicate key "title-period", first defined on line 3; keep one of them',
    );
  });

  it('rejects keys differing in case', () => {
    assert.equal(
      configProblem('{"categories": {"SEC": "Platform Security"}, "Categories": {}}'),
      'invalid configuration at line 1, column 46: key "Categories" differs only in letter case from "categories" on line 1; keep one of them',
    );
  });

  it('accepts one key in two objects', () => {
    const config = parseConfig('{"categories": {"CIS": "Benchmarks"}, "frameworkHosts": {"CIS": ["cisecurity.org"]}}', '.controlstudio.json');
    assert.deepEqual(config.categories, { CIS: 'Benchmarks' });
    assert.deepEqual(config.frameworkHosts.CIS, ['cisecurity.org']);
  });
});
