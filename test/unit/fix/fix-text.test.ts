import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixText } from '../../../server/src/core/fix';
import type { Finding, Fix } from '../../../server/src/core/types';

const TEXT = '{\n  "title": "Banner",\n  "severityWeight": 5\n}\n';

// A finding located at an offset, as lint returns it; only offset and fixes matter to fixText.
function finding(rule: string, offset: number, fix: Fix): Finding {
  const position = { line: 0, character: offset };
  return { rule, severity: 'error', message: rule, range: { start: position, end: position }, offset, length: 0, fixes: [fix] };
}

// Inserts a second comma before the weight: never strict JSON.
function badFix(text: string): Finding {
  const offset = text.indexOf('"severityWeight"');
  return finding('fake-bad', offset, { title: 'Add a comma', edits: [{ offset, length: 0, newText: ',' }], targets: [], preferred: true });
}

// Sets the weight to 6 while it is 5; its edit starts where the bad fix inserts.
function weightFix(text: string): Finding[] {
  const offset = text.indexOf('"severityWeight": 5');
  if (offset < 0) return [];
  const edits = [{ offset, length: '"severityWeight": 5'.length, newText: '"severityWeight": 6' }];
  return [finding('fake-weight', offset, { title: 'Change the weight to 6', edits, targets: [['severityWeight']], preferred: true })];
}

// Changes the title, which the fix does not name in its targets.
function untargetedFix(text: string): Finding[] {
  const offset = text.indexOf('"Banner"');
  if (offset < 0) return [];
  const edits = [{ offset, length: '"Banner"'.length, newText: '"Other"' }];
  return [finding('fake-untargeted', offset, { title: 'Rename the banner', edits, targets: [['severityWeight']], preferred: true })];
}

describe('fixText', () => {
  it('rejects a fix that breaks JSON', () => {
    const outcome = fixText(TEXT, (text) => [badFix(text)]);
    assert.equal(outcome.text, TEXT);
    assert.deepEqual(outcome.applied, []);
    assert.equal(outcome.rejected.length, 1);
    assert.equal(outcome.rejected[0]?.rule, 'fake-bad');
    assert.equal(outcome.rejected[0]?.title, 'Add a comma');
    assert.match(outcome.rejected[0]?.reason ?? '', /^the result is not strict JSON \(.+\)$/s);
  });

  it('rejects an untargeted change', () => {
    const outcome = fixText(TEXT, (text) => untargetedFix(text));
    assert.equal(outcome.text, TEXT);
    assert.deepEqual(outcome.rejected, [
      { rule: 'fake-untargeted', title: 'Rename the banner', reason: 'the fix changed ["title"], which it does not target' },
    ]);
  });

  it('applies the fixes a rejected one blocked', () => {
    const outcome = fixText(TEXT, (text) => [badFix(text), ...weightFix(text)]);
    assert.equal(outcome.text, TEXT.replace('5', '6'));
    assert.deepEqual(outcome.applied, [{ rule: 'fake-weight', title: 'Change the weight to 6' }]);
    assert.deepEqual(outcome.rejected.map((r) => r.rule), ['fake-bad']);
  });

  it('applies good fixes beside a bad one', () => {
    const outcome = fixText(TEXT, (text) => [...untargetedFix(text), ...weightFix(text)]);
    assert.equal(outcome.text, TEXT.replace('5', '6'));
    assert.deepEqual(outcome.rejected.map((r) => r.rule), ['fake-untargeted']);
  });
});
