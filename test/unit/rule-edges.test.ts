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

describe('schema misspelt keys', () => {
  const ALLOWED = 'id, title, description, verify, subject, category, severity, severityWeight, frameworks, references, remediation, considerations, roles';

  // Returns "message | fix titles" of each schema finding, preferred fixes marked.
  function schemaFindings(control: Record<string, unknown>): string[] {
    return lintOne(JSON.stringify(control, null, 2), 'EDCA-TLS-101.json')
      .findings.filter((f) => f.rule === 'schema')
      .map((f) => `${f.message} | ${(f.fixes ?? []).map((fix) => `${fix.title}${fix.preferred ? ' (preferred)' : ''}`).join('; ')}`);
  }

  // Returns the base control with the key `from` written as `to`, and without the keys in `drop`.
  function renamed(from: string, to: string, drop: string[] = []): Record<string, unknown> {
    const control: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) {
      if (!drop.includes(key)) control[key === from ? to : key] = value;
    }
    return control;
  }

  it('renames a key one edit away', () => {
    assert.deepEqual(schemaFindings(renamed('verify', 'verity')), [
      'control is missing the required property "verify" | ',
      'property "verity" is not allowed in a control; did you mean "verify"? | Rename "verity" to "verify" (preferred)',
    ]);
  });

  it('renames neither of two misspellings', () => {
    const control = renamed('title', 'titel');
    control.tilte = 'Second title';
    assert.deepEqual(schemaFindings(control), [
      'control is missing the required property "title" | Add the missing property "title" (preferred)',
      `property "titel" is not allowed in a control; allowed properties are ${ALLOWED} | Remove the property "titel"`,
      `property "tilte" is not allowed in a control; allowed properties are ${ALLOWED} | Remove the property "tilte"`,
    ]);
  });

  it('renames no value of another type', () => {
    assert.deepEqual(schemaFindings({ ...renamed('roles', 'rules', []), rules: 'Reviewed in 2024' }), [
      'control is missing the required property "roles" | Add the missing property "roles" (preferred)',
      `property "rules" is not allowed in a control; allowed properties are ${ALLOWED} | Remove the property "rules"`,
    ]);
  });

  it('renames a long key two edits away', () => {
    const findings = schemaFindings(renamed('description', 'dscriptin'));
    assert.equal(findings[1], 'property "dscriptin" is not allowed in a control; did you mean "description"? | Rename "dscriptin" to "description" (preferred)');
    assert.deepEqual(schemaFindings(renamed('roles', 'notes')).slice(1), [`property "notes" is not allowed in a control; allowed properties are ${ALLOWED} | Remove the property "notes"`]);
  });

  it('offers only removal of a case twin', () => {
    const findings = schemaFindings({ ...base, remediation: { automatable: false, description: 'x', scriptTemplate: 'x', Automatable: true } });
    assert.deepEqual(findings, ['property "Automatable" is not allowed in remediation; did you mean "automatable"? | Remove the property "Automatable"']);
  });

  it('never prefers removing a property', () => {
    const findings = schemaFindings({ ...base, owner: 'Messaging team' });
    assert.equal(findings.length, 1);
    assert.match(findings[0] ?? '', /\| Remove the property "owner"$/);
  });
});

describe('schema messages for arrays and objects', () => {
  function schemaMessages(changes: Record<string, unknown>): string[] {
    return lintWith(changes)
      .findings.filter((f) => f.rule === 'schema')
      .map((f) => f.message);
  }

  it('names the type found', () => {
    assert.deepEqual(schemaMessages({ severityWeight: { a: 1 } }), ['severityWeight must be an integer; found an object']);
    assert.deepEqual(schemaMessages({ verify: ['x'] }), ['verify must be a boolean; found an array']);
  });

  it('reports a wrong type once', () => {
    assert.deepEqual(schemaMessages({ roles: [['Mailbox']] }), ['roles[0] must be a string; found an array']);
    assert.deepEqual(schemaMessages({ severity: ['High'] }), ['severity must be a string; found an array']);
  });
});
