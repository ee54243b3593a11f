import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CompletionItem, Hover, TextEdit } from 'vscode-languageserver';
import { fixturePath } from '../helpers';
import { TestClient, uriOf } from './client';

/** Returns the 0-based position `shift` characters after the start of `needle`. */
function locate(text: string, needle: string, shift = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture text lacks ${needle}`);
  const before = text.slice(0, offset + shift).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
}

describe('completion and hover', () => {
  let folder: string;
  let client: TestClient;
  let uri: string;
  let text: string;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-authoring-'));
    fs.cpSync(fixturePath('lsp', 'workspace'), folder, { recursive: true });
    uri = uriOf(path.join(folder, 'controls', 'EDCA-SEC-900.json'));
    text = fs.readFileSync(path.join(folder, 'controls', 'EDCA-SEC-900.json'), 'utf8').replace(' See EDCA-SEC-999', ' See EDCA-DA');
    client = new TestClient();
    await client.initialize(folder);
    await client.diagnostics(uriOf(path.join(folder, 'controls', 'EDCA-DATA-003.json')));
    await client.open(uri, text, 1);
    await client.diagnostics(uri, (p) => p.version === 1);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function complete(position: { line: number; character: number }): Promise<CompletionItem[]> {
    return client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  }

  function hoverAt(position: { line: number; character: number }): Promise<Hover | null> {
    return client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  it('offers severity values over the string', async () => {
    const items = await complete(locate(text, '"Medium"', 3));
    assert.deepEqual(items.map((i) => i.label), ['Critical', 'High', 'Medium', 'Low']);
    const start = locate(text, '"Medium"');
    assert.deepEqual((items[1]?.textEdit as TextEdit).range, { start, end: { line: start.line, character: start.character + 8 } });
    assert.equal((items[1]?.textEdit as TextEdit).newText, '"High"');
    assert.equal(items[1]?.documentation, 'Weight 7 to 8.');
  });

  it('offers weights of the severity', async () => {
    const items = await complete(locate(text, '"severityWeight": 8', 18));
    assert.deepEqual(items.map((i) => i.label), ['4', '5', '6']);
  });

  it('offers the next free id', async () => {
    const items = await complete(locate(text, '"EDCA-SEC-900"', 5));
    assert.deepEqual(items.map((i) => i.label), ['EDCA-SEC-901']);
  });

  it('skips frameworks already listed', async () => {
    const items = await complete(locate(text, '"NIS2"', 2));
    assert.deepEqual(items.map((i) => i.label), ['CIS', 'CISA', 'DISA', 'ISM', 'NIS2']);
  });

  it('completes cited ids in prose', async () => {
    const position = locate(text, 'EDCA-DA and', 7);
    const items = await complete(position);
    assert.deepEqual(items.map((i) => i.label), ['EDCA-DATA-003', 'EDCA-SEC-900']);
    assert.deepEqual((items[0]?.textEdit as TextEdit).range, { start: { line: position.line, character: position.character - 7 }, end: position });
  });

  it('describes a cited control', async () => {
    const result = await hoverAt(locate(text, 'EDCA-DATA-003.', 3));
    assert.deepEqual(result?.contents, {
      kind: 'markdown',
      value: '**EDCA-DATA-003** · Internal transport certificate baseline · High (8)\n\ncontrols/EDCA-DATA-003.json',
    });
  });

  it('marks the weight in the calibration table', async () => {
    const result = await hoverAt(locate(text, '"severityWeight"', 3));
    assert.deepEqual(result?.contents, {
      kind: 'markdown',
      value: [
        'Severity calibration:',
        '',
        '| severity | weight | this control |',
        '|---|---|---|',
        '| Critical | 9–10 | |',
        '| High | 7–8 | ← weight 8 |',
        '| **Medium** | 4–6 | ← severity |',
        '| Low | 1–3 | |',
      ].join('\n'),
    });
  });

  it('counts the controls of a framework', async () => {
    const result = await hoverAt(locate(text, '"NIS2"', 2));
    assert.deepEqual(result?.contents, {
      kind: 'markdown',
      value: '**NIS2** is listed by 2 controls in the workspace. Publisher hosts: eur-lex.europa.eu, ncsc.nl.',
    });
  });

  it('shows the schema text of a key', async () => {
    const result = await hoverAt(locate(text, '"verify"', 2));
    assert.deepEqual(result?.contents, { kind: 'markdown', value: 'True when the assessment evaluates the control automatically.' });
  });
});
