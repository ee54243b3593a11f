import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CATEGORIES,
  firstPlaceholder,
  inputProblem,
  pickControlsFolder,
  SEVERITIES,
  titleProblem,
} from '../../../client/src/views/fields';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { newControlText } from '../../../server/src/core/new-control';
import { SEVERITY_RANGES } from '../../../server/src/core/rules/severity-weight';

describe('new control fields', () => {
  it('offers the default categories', () => {
    assert.deepEqual(
      CATEGORIES.map((category) => [category.code, category.name]),
      Object.entries(DEFAULT_CONFIG.categories),
    );
  });

  it('shows the weight range of each severity', () => {
    assert.deepEqual(
      SEVERITIES.map((severity) => [severity.name, severity.weights]),
      Object.entries(SEVERITY_RANGES).map(([name, [low, high]]) => [name, `${low}–${high}`]),
    );
  });

  it('accepts a valid title', () => {
    assert.equal(titleProblem('SMB 1.0 disabled on Exchange servers'), undefined);
    assert.equal(titleProblem('  Padded title  '), undefined);
    assert.equal(titleProblem('x'.repeat(80)), undefined);
    assert.equal(titleProblem('é'.repeat(80)), undefined);
  });

  it('rejects an empty title', () => {
    assert.equal(titleProblem(''), 'Enter a title.');
    assert.equal(titleProblem('   '), 'Enter a title.');
  });

  it('rejects a title over 80 characters', () => {
    assert.equal(titleProblem('x'.repeat(81)), 'The title has 81 characters, but at most 80 are allowed.');
    // Code points count, not UTF-16 units: 80 emoji are 160 units.
    assert.equal(titleProblem('🔒'.repeat(80)), undefined);
  });

  it('rejects a trailing period', () => {
    assert.equal(titleProblem('Legacy ciphers removed.'), 'Remove the period at the end: a title is a noun phrase, not a sentence.');
    assert.equal(titleProblem('Legacy ciphers removed. '), 'Remove the period at the end: a title is a noun phrase, not a sentence.');
  });

  it('checks only the given answers', () => {
    assert.equal(inputProblem({}), undefined);
    assert.equal(inputProblem({ category: 'Monitoring', title: 'Audit log', severity: 'Low', subject: 'Organization' }), undefined);
  });

  it('names the invalid answer', () => {
    assert.equal(
      inputProblem({ category: 'Security' }),
      'Invalid category "Security": expected one of Data Security, Governance, Identity and Access Control, Monitoring, ' +
        'Performance, Resilience, Platform Security, Transport Security.',
    );
    assert.equal(inputProblem({ title: 'Ends here.' }), 'Invalid title "Ends here.". Remove the period at the end: a title is a noun phrase, not a sentence.');
    assert.equal(inputProblem({ severity: 'high' }), 'Invalid severity "high": expected one of Critical, High, Medium, Low.');
    assert.equal(inputProblem({ subject: 'User' }), 'Invalid subject "User": expected one of Organization, Server, Database, Mailbox.');
  });
});

describe('new control placeholder', () => {
  it('selects the description placeholder', () => {
    const text = newControlText(
      { id: 'EDCA-SEC-003', title: 'Sample', category: 'Platform Security', severity: 'Low', subject: 'Server' },
      DEFAULT_CONFIG,
    );
    const placeholder = firstPlaceholder(text);
    assert.ok(placeholder);
    assert.equal(text.slice(placeholder.start, placeholder.end), 'TODO: State what MUST hold, then why it matters.');
    assert.ok(text.slice(0, placeholder.start).endsWith('\n  "description": "'));
  });

  it('keeps escapes inside the placeholder', () => {
    const text = '{"title": "TODO", "a": "TODO: say \\"why\\" here", "b": "TODO: later"}';
    const placeholder = firstPlaceholder(text);
    assert.ok(placeholder);
    assert.equal(text.slice(placeholder.start, placeholder.end), 'TODO: say \\"why\\" here');
  });

  it('finds no placeholder in a finished control', () => {
    assert.equal(firstPlaceholder('{"title": "Audit log"}'), undefined);
  });
});

describe('folder for new controls', () => {
  it('takes the controls folder with the most files', () => {
    const uris = [
      'file:///ws/a/controls/EDCA-SEC-001.json',
      'file:///ws/b/Controls/EDCA-SEC-002.json',
      'file:///ws/b/Controls/EDCA-SEC-003.json',
      'file:///ws/Config/controls.json',
    ];
    assert.equal(pickControlsFolder(uris), 'file:///ws/b/Controls');
  });

  it('breaks a tie by URI', () => {
    const uris = ['file:///ws/b/controls/EDCA-SEC-001.json', 'file:///ws/a/controls/EDCA-SEC-002.json'];
    assert.equal(pickControlsFolder(uris), 'file:///ws/a/controls');
  });

  it('ignores catalogues outside controls folders', () => {
    assert.equal(pickControlsFolder(['file:///ws/Config/controls.json']), undefined);
    assert.equal(pickControlsFolder([]), undefined);
  });

  it('decodes the folder name', () => {
    assert.equal(pickControlsFolder(['file:///ws/my%20dir/CONTROLS/EDCA-SEC-001.json']), 'file:///ws/my%20dir/CONTROLS');
  });
});
