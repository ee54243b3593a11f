import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFixture } from '../helpers';
import { TestClient, uriOf } from '../lsp/client';

const FILE = 'EDCA-SEC-901.json';

function documentEdit(action: CodeAction | undefined): TextDocumentEdit {
  const change = action?.edit?.documentChanges?.[0];
  assert.ok(change && 'edits' in change, `action "${action?.title}" has no text edit`);
  return change;
}

function applyTo(text: string, change: TextDocumentEdit): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.json', 'json', 0, text), change.edits as TextEdit[]);
}

describe('fixes through the language server', () => {
  let folder: string;
  let client: TestClient;
  let uri: string;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-fix-lsp-'));
    fs.mkdirSync(path.join(folder, 'controls'));
    uri = uriOf(path.join(folder, 'controls', FILE));
    client = new TestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function open(text: string): Promise<void> {
    fs.writeFileSync(path.join(folder, 'controls', FILE), text);
    await client.open(uri, text, 1);
    await client.diagnostics(uri, (p) => p.version === 1);
  }

  function request(diagnostic: Diagnostic, only?: string[]): Promise<CodeAction[]> {
    return client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    });
  }

  async function weightDiagnostic(version: number): Promise<Diagnostic> {
    const published = await client.diagnostics(uri, (p) => p.version === version);
    const diagnostic = published.diagnostics.find((d) => d.code === 'severity-weight');
    assert.ok(diagnostic, `no severity-weight diagnostic in version ${version}`);
    return diagnostic;
  }

  it('offers no fix for a stale range', async () => {
    const text = readFixture('fix', 'severity-weight', 'input.json');
    await open(text);
    const stale = await weightDiagnostic(1);
    await client.change(uri, 2, [{ text: text.replace('{\n', '{\n\n') }]);
    const actions = await request(stale);
    assert.deepEqual(actions.map((a) => a.title), ['Show documentation for severity-weight']);
  });

  it('offers no fix for a stale message', async () => {
    const text = readFixture('fix', 'severity-weight', 'input.json');
    await open(text);
    const stale = await weightDiagnostic(1);
    await client.change(uri, 2, [{ text: text.replace('"severityWeight": 8', '"severityWeight": 9') }]);
    const actions = await request(stale);
    assert.deepEqual(actions.map((a) => a.title), ['Show documentation for severity-weight']);
  });

  it('edits the current version', async () => {
    const text = readFixture('fix', 'severity-weight', 'input.json');
    await open(text);
    const current = text.replace('{\n', '{\n\n');
    await client.change(uri, 2, [{ text: current }]);
    const [preferred] = await request(await weightDiagnostic(2));
    const change = documentEdit(preferred);
    assert.deepEqual(change.textDocument, { uri, version: 2 });
    assert.deepEqual(change.edits.map((edit) => [edit.range.start.line, edit.range.start.character]), [[9, 20]]);
    assert.equal(applyTo(current, change), readFixture('fix', 'severity-weight', 'expected.json').replace('{\n', '{\n\n'));
  });

  it('fixes all in one edit', async () => {
    const text = readFixture('fix', 'adjacent-and-overlapping', 'input.json');
    await open(text);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    const actions = await request(published.diagnostics[0] as Diagnostic, ['source.fixAll']);
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.controlStudio']);
    const change = documentEdit(actions[0]);
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(change.edits.length, 1);
    assert.equal(applyTo(text, change), readFixture('fix', 'adjacent-and-overlapping', 'expected.json'));
  });

  it('fixes all in a CRLF file', async () => {
    const text = readFixture('fix', 'crlf', 'input.json');
    await open(text);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    const actions = await request(published.diagnostics[0] as Diagnostic, ['source.fixAll.controlStudio']);
    const change = documentEdit(actions[0]);
    assert.equal(change.edits.length, 1);
    assert.equal(applyTo(text, change), readFixture('fix', 'crlf', 'expected.json'));
  });
});
