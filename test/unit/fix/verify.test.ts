import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, verifyFix } from '../../../server/src/core/fix';

const STRICT = '{\n  "title": "Banner",\n  "severityWeight": 5,\n  "roles": ["Mailbox"]\n}\n';
const TWO_COMMENTS = '{\n  // first\n  "title": "Banner",\n  "severityWeight": 5 // second\n}\n';

describe('verifyFix', () => {
  it('accepts a targeted change', () => {
    const after = STRICT.replace('5', '6');
    assert.equal(verifyFix(STRICT, after, [['severityWeight']]), undefined);
  });

  it('rejects an untargeted change', () => {
    const after = STRICT.replace('5', '6');
    assert.equal(verifyFix(STRICT, after, [['title']]), 'the fix changed ["severityWeight"], which it does not target');
  });

  it('rejects a changed root', () => {
    assert.equal(verifyFix(STRICT, '[]\n', []), 'the fix changed the root value, which it does not target');
  });

  it('rejects a trailing comma in strict JSON', () => {
    const after = STRICT.replace('["Mailbox"]', '["Mailbox",]');
    const reason = verifyFix(STRICT, after, [['roles']]);
    assert.equal(reason, 'the result is not strict JSON (1 trailing comma where the original has none)');
  });

  it('rejects a comment in strict JSON', () => {
    const after = STRICT.replace('"Banner",', '"Banner", // short');
    assert.equal(verifyFix(STRICT, after, []), 'the result is not strict JSON (1 comment where the original has none)');
  });

  it('rejects an unreadable original', () => {
    assert.equal(
      verifyFix('{ "title": }', '{ "title": "" }', [['title']]),
      'the file is not valid JSON, so no fix can be checked; fix the json-syntax problems first',
    );
  });

  it('accepts one of two comments removed', () => {
    const after = TWO_COMMENTS.replace('  // first\n', '');
    assert.equal(verifyFix(TWO_COMMENTS, after, []), undefined);
  });

  it('accepts a value fix beside a comment', () => {
    const after = TWO_COMMENTS.replace('5', '6');
    assert.equal(verifyFix(TWO_COMMENTS, after, [['severityWeight']]), undefined);
  });

  it('rejects an added comment', () => {
    const after = TWO_COMMENTS.replace('"Banner",', '"Banner", /* third */');
    assert.equal(verifyFix(TWO_COMMENTS, after, []), 'the result is not strict JSON (3 comments where the original has 2)');
  });

  it('rejects a comment traded for a comma', () => {
    const after = TWO_COMMENTS.replace('  // first\n', '').replace('5 // second', '5,');
    assert.equal(verifyFix(TWO_COMMENTS, after, []), 'the result is not strict JSON (1 trailing comma where the original has none)');
  });

  it('rejects a syntax error', () => {
    const after = TWO_COMMENTS.replace('"Banner",', '"Banner",,');
    assert.match(verifyFix(TWO_COMMENTS, after, []) ?? '', /^the result is not strict JSON \(.+\)$/s);
  });

  it('reads past a BOM', () => {
    const before = `\ufeff${STRICT}`;
    assert.equal(verifyFix(before, applyEdits(before, [{ offset: 1, length: 0, newText: '' }]), []), undefined);
  });
});
