import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Config, DEFAULT_CONFIG } from '../../../server/src/core/config';
import { lintText } from '../../../server/src/core/lint';

// A control whose title ends with a period and whose weight is outside its severity's range.
const TEXT = '{"id": "EDCA-DATA-003", "title": "Encrypt the database.", "severity": "High", "severityWeight": 2}';

function titleAndWeight(config: Config, overrides?: Record<string, 'off' | 'info' | 'warning' | 'error'>): string[] {
  const findings = lintText(TEXT, { file: 'EDCA-DATA-003.json', config, overrides, fixes: false }).findings;
  return findings.filter((finding) => finding.rule === 'title-period' || finding.rule === 'severity-weight').map((finding) => `${finding.rule} ${finding.severity}`);
}

describe('rule severities across calls', () => {
  it('follow each call\'s settings', () => {
    const strict: Config = { ...DEFAULT_CONFIG, rules: { 'title-period': 'error', 'severity-weight': 'off' } };
    const overrides = { 'title-period': 'off' as const };
    const expectedDefault = ['title-period warning', 'severity-weight error'];
    assert.deepEqual(titleAndWeight(DEFAULT_CONFIG), expectedDefault);
    assert.deepEqual(titleAndWeight(strict), ['title-period error']);
    assert.deepEqual(titleAndWeight(strict, overrides), []);
    assert.deepEqual(titleAndWeight(DEFAULT_CONFIG, overrides), ['severity-weight error']);
    assert.deepEqual(titleAndWeight(DEFAULT_CONFIG), expectedDefault);
  });

  it('follow changes between calls', () => {
    const config: Config = structuredClone(DEFAULT_CONFIG);
    const overrides: Record<string, 'off' | 'info' | 'warning' | 'error'> = {};
    assert.deepEqual(titleAndWeight(config, overrides), ['title-period warning', 'severity-weight error']);
    config.rules['title-period'] = 'off';
    overrides['severity-weight'] = 'info';
    assert.deepEqual(titleAndWeight(config, overrides), ['severity-weight info']);
  });
});
