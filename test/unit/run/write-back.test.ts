import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../../server/src/core/parse';
import { controlsIn, type ControlRef } from '../../../client/src/run/locate';
import { applyEdit, scriptWriteBack } from '../../../client/src/run/write-back';

// The JSON literal of the first control's script template in `text`.
function literalOf(text: string, index = 0): string {
  const node = controlsIn(parseDocument(text))[index]?.scriptNode;
  assert.ok(node, 'no scriptTemplate string');
  return text.slice(node.offset, node.offset + node.length);
}

function writtenBack(text: string, ref: ControlRef, script: string, index = 0): string {
  const result = scriptWriteBack(text, ref, literalOf(text, index), script);
  assert.ok('edit' in result, `expected an edit, got ${JSON.stringify(result)}`);
  return applyEdit(text, result.edit);
}

const single = [
  '{',
  '  "id": "EDCA-SEC-001",',
  '  "remediation": {',
  '    "automatable": false,',
  '    "scriptTemplate": "Get-X\\nSet-X -A \\"b\\""',
  '  },',
  '  "roles": ["Mailbox"]',
  '}',
  '',
].join('\n');

const root: ControlRef = { index: undefined, id: 'EDCA-SEC-001' };

describe('scriptWriteBack text', () => {
  it('escapes quotes, backslashes, tabs and line breaks once', () => {
    const script = 'Write-Host "C:\\Temp\\new"\n\tGet-Item \'HKLM:\\x\'\r\nexit';
    const expected = single.replace(
      '"Get-X\\nSet-X -A \\"b\\""',
      String.raw`"Write-Host \"C:\\Temp\\new\"\n\tGet-Item 'HKLM:\\x'\r\nexit"`,
    );
    assert.equal(writtenBack(single, root, script), expected);
  });

  it('keeps non-ASCII characters as they are', () => {
    const text = single.replace('"Get-X\\nSet-X -A \\"b\\""', '"Write-Host \\u00e9"');
    const expected = single.replace('"Get-X\\nSet-X -A \\"b\\""', '"Write-Host \'sécurité — 😀\'"');
    assert.equal(writtenBack(text, root, "Write-Host 'sécurité — 😀'"), expected);
  });

  it('escapes control characters as \\u escapes', () => {
    const expected = single.replace('"Get-X\\nSet-X -A \\"b\\""', '"a\\u0001b\\u001b"');
    assert.equal(writtenBack(single, root, 'a\u0001b\u001b'), expected);
  });

  it('keeps the CRLF line breaks of the file', () => {
    const crlf = single.replace(/\n/g, '\r\n');
    const expected = crlf.replace('"Get-X\\nSet-X -A \\"b\\""', '"Get-Y\\nGet-Z"');
    assert.equal(writtenBack(crlf, root, 'Get-Y\nGet-Z'), expected);
  });

  it('keeps a byte order mark', () => {
    const text = `\uFEFF${single}`;
    assert.equal(writtenBack(text, root, 'Get-Y'), text.replace('"Get-X\\nSet-X -A \\"b\\""', '"Get-Y"'));
  });

  it('writes an empty script', () => {
    assert.equal(writtenBack(single, root, ''), single.replace('"Get-X\\nSet-X -A \\"b\\""', '""'));
  });
});

describe('scriptWriteBack in a catalogue', () => {
  const catalogue = [
    '[',
    '  { "id": "EDCA-A-001", "remediation": { "scriptTemplate": "Get-A" } },',
    '  { "id": "EDCA-B-002", "remediation": { "scriptTemplate": "Get-B" } }',
    ']',
  ].join('\n');

  it('changes only the named element', () => {
    const result = writtenBack(catalogue, { index: 1, id: 'EDCA-B-002' }, 'Get-"B"', 1);
    assert.equal(result, catalogue.replace('"Get-B"', '"Get-\\"B\\""'));
  });

  it('finds the element by id after it moved', () => {
    const literal = '"Get-B"';
    const moved = ['[', '  { "id": "EDCA-B-002", "remediation": { "scriptTemplate": "Get-B" } }', ']'].join('\n');
    const result = scriptWriteBack(moved, { index: 1, id: 'EDCA-B-002' }, literal, 'Get-C');
    assert.ok('edit' in result);
    assert.equal(applyEdit(moved, result.edit), moved.replace('"Get-B"', '"Get-C"'));
  });
});

describe('scriptWriteBack errors', () => {
  it('rejects a template that changed', () => {
    const result = scriptWriteBack(single, root, '"Get-X"', 'Get-Y');
    assert.deepEqual(result, { error: 'The script template in the JSON file changed after it was opened as PowerShell.' });
  });

  it('rejects a control that is gone', () => {
    const result = scriptWriteBack('[]', { index: 0, id: 'EDCA-SEC-001' }, '"Get-X"', 'Get-Y');
    assert.deepEqual(result, { error: 'The control is no longer in the file.' });
  });

  it('rejects a template that is no string', () => {
    const text = single.replace('"Get-X\\nSet-X -A \\"b\\""', '42');
    const result = scriptWriteBack(text, root, '"Get-X"', 'Get-Y');
    assert.deepEqual(result, { error: 'The control no longer has a remediation.scriptTemplate string.' });
  });
});
