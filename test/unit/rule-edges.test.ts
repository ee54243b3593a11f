import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { fixturePath, lintOne } from './helpers';

const base = JSON.parse(fs.readFileSync(fixturePath('base', 'EDCA-TLS-101.json'), 'utf8')) as Record<string, unknown>;

function lintWith(changes: Record<string, unknown>): ReturnType<typeof lintOne> {
  return lintOne(JSON.stringify({ ...base, ...changes }, null, 2), 'EDCA-TLS-101.json');
}

describe('title-period edges', () => {
  it('accepts a closing abbreviation', () => {
    for (const title of ['Relay rules for the U.S.', 'Mail, calendar, contacts etc.']) {
      const rules = lintWith({ title }).findings.map((f) => f.rule);
      assert.equal(rules.includes('title-period'), false, title);
    }
  });

  it('reports a sentence period', () => {
    const rules = lintWith({ title: 'Relay is restricted.' }).findings.map((f) => f.rule);
    assert.deepEqual(rules, ['title-period']);
  });
});

describe('discouraged-words fixes', () => {
  it('offers no fix for leverage', () => {
    const description = `${String(base.description)} Attackers leverage open relays.`;
    const finding = lintWith({ description }).findings.find((f) => f.rule === 'discouraged-words');
    assert.equal(finding?.message, 'Discouraged wording "leverage"; remove it or state the fact plainly');
    assert.equal(finding?.fixes, undefined);
  });
});
