import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controlAt, controlLabel, controlsIn, findControl, scriptOf } from '../../../client/src/run/locate';
import { parseDocument } from '../../../server/src/core/parse';

const catalogue = [
  '[',
  '  { "id": "EDCA-A-001", "title": "A", "remediation": { "scriptTemplate": "Get-A" } },',
  '  { "id": "EDCA-B-002", "remediation": { "scriptTemplate": 42 } },',
  '  { "title": "no id" }',
  ']',
].join('\n');

describe('controlsIn', () => {
  it('lists catalogue elements with their index', () => {
    const controls = controlsIn(parseDocument(catalogue));
    assert.deepEqual(
      controls.map((control) => control.ref),
      [
        { index: 0, id: 'EDCA-A-001' },
        { index: 1, id: 'EDCA-B-002' },
        { index: 2, id: undefined },
      ],
    );
  });

  it('reads a single control as the root', () => {
    const controls = controlsIn(parseDocument('{ "id": "EDCA-A-001", "remediation": { "scriptTemplate": "Get-A" } }'));
    assert.equal(controls.length, 1);
    assert.deepEqual(controls[0]?.ref, { index: undefined, id: 'EDCA-A-001' });
    assert.equal(controls[0] && scriptOf(controls[0]), 'Get-A');
  });

  it('skips a template that is no string', () => {
    const second = controlsIn(parseDocument(catalogue))[1];
    assert.ok(second);
    assert.equal(second.scriptNode, undefined);
    assert.equal(scriptOf(second), undefined);
    assert.ok(second.scriptProperty, 'the property node is kept for the CodeLens position');
  });
});

describe('controlAt', () => {
  it('finds the element around an offset', () => {
    const doc = parseDocument(catalogue);
    assert.equal(controlAt(doc, catalogue.indexOf('Get-A'))?.id, 'EDCA-A-001');
    assert.equal(controlAt(doc, catalogue.indexOf('42'))?.id, 'EDCA-B-002');
  });

  it('finds nothing between elements', () => {
    assert.equal(controlAt(parseDocument(catalogue), 0), undefined);
  });
});

describe('findControl', () => {
  it('prefers a unique id over the index', () => {
    const doc = parseDocument(catalogue);
    assert.equal(findControl(doc, { index: 0, id: 'EDCA-B-002' })?.ref.index, 1);
  });

  it('falls back to the index', () => {
    const doc = parseDocument(catalogue);
    assert.equal(findControl(doc, { index: 2, id: undefined })?.ref.index, 2);
    assert.equal(findControl(doc, { index: 0, id: 'EDCA-X-999' })?.id, 'EDCA-A-001');
  });

  it('finds no root in a catalogue', () => {
    assert.equal(findControl(parseDocument(catalogue), { index: undefined, id: 'EDCA-A-001' }), undefined);
  });
});

describe('controlLabel', () => {
  it('names a control by id or position', () => {
    const controls = controlsIn(parseDocument(catalogue));
    assert.deepEqual(controls.map(controlLabel), ['EDCA-A-001', 'EDCA-B-002', 'the control at index 2']);
  });
});
