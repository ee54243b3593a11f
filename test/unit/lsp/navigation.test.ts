import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { DocumentSymbol, Location, WorkspaceEdit, WorkspaceSymbol } from 'vscode-languageserver';
import { fixturePath } from '../helpers';
import { TestClient, uriOf } from './client';

/** Returns the 0-based position of the `index`-th occurrence of `needle`. */
function locate(text: string, needle: string, index = 0): { line: number; character: number } {
  let offset = -1;
  for (let i = 0; i <= index; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `fixture text lacks ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
}

function rangeOf(text: string, needle: string, index = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const start = locate(text, needle, index);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

describe('navigation between controls', () => {
  let folder: string;
  let client: TestClient;
  let catalogueUri: string;
  let catalogue: string;
  let singleUri: string;
  let single: string;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-nav-'));
    fs.cpSync(fixturePath('lsp', 'catalogue'), folder, { recursive: true });
    catalogueUri = uriOf(path.join(folder, 'controls.json'));
    catalogue = fs.readFileSync(path.join(folder, 'controls.json'), 'utf8');
    singleUri = uriOf(path.join(folder, 'controls', 'EDCA-DATA-003.json'));
    single = fs.readFileSync(path.join(folder, 'controls', 'EDCA-DATA-003.json'), 'utf8');
    client = new TestClient();
    await client.initialize(folder, {}, { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } } });
    await client.diagnostics(singleUri);
    await client.open(catalogueUri, catalogue, 1);
    await client.diagnostics(catalogueUri, (p) => p.version === 1);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('goes from a citation to its control', async () => {
    const position = locate(catalogue, 'EDCA-DATA-003');
    const locations: Location[] = await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: catalogueUri }, position });
    assert.deepEqual(locations, [{ uri: singleUri, range: rangeOf(single, 'EDCA-DATA-003') }]);
  });

  it('finds citations across files', async () => {
    const position = locate(catalogue, 'EDCA-IAC-008');
    const locations: Location[] = await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: catalogueUri },
      position,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(locations, [
      { uri: catalogueUri, range: rangeOf(catalogue, 'EDCA-IAC-008') },
      { uri: singleUri, range: rangeOf(single, 'EDCA-IAC-008') },
    ]);
  });

  it('renames an id, its citations and its file', async () => {
    const position = locate(catalogue, 'EDCA-DATA-003');
    const edit: WorkspaceEdit = await client.connection.sendRequest('textDocument/rename', {
      textDocument: { uri: catalogueUri },
      position,
      newName: 'EDCA-DATA-030',
    });
    assert.deepEqual(edit.documentChanges, [
      { textDocument: { uri: catalogueUri, version: 1 }, edits: [{ range: rangeOf(catalogue, 'EDCA-DATA-003'), newText: 'EDCA-DATA-030' }] },
      { textDocument: { uri: singleUri, version: null }, edits: [{ range: rangeOf(single, 'EDCA-DATA-003'), newText: 'EDCA-DATA-030' }] },
      { kind: 'rename', oldUri: singleUri, newUri: uriOf(path.join(folder, 'controls', 'EDCA-DATA-030.json')) },
    ]);
  });

  it('rejects renaming to a taken id', async () => {
    const position = locate(catalogue, 'EDCA-DATA-003');
    await assert.rejects(
      client.connection.sendRequest('textDocument/rename', { textDocument: { uri: catalogueUri }, position, newName: 'EDCA-IAC-008' }),
      { message: 'EDCA-IAC-008 is already the id of a control in controls.json.' },
    );
  });

  it('rejects a malformed id', async () => {
    const position = locate(catalogue, 'EDCA-DATA-003');
    await assert.rejects(
      client.connection.sendRequest('textDocument/rename', { textDocument: { uri: catalogueUri }, position, newName: 'EDCA-DATA-3' }),
      { message: 'EDCA-DATA-3 is not a valid control id; expected EDCA-<CODE>-<NNN>.' },
    );
  });

  it('lists one symbol per catalogue control', async () => {
    const symbols: DocumentSymbol[] = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: catalogueUri } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.selectionRange.start.line, s.selectionRange.start.character]),
      [
        ['EDCA-GOV-012 — Exchange services are documented and unnecessary services are disabled', 2, 11],
        ['EDCA-IAC-008 — Exchange split permissions are enabled', locate(catalogue, 'EDCA-IAC-008').line, 11],
      ],
    );
  });

  it('finds controls by title words', async () => {
    const symbols: WorkspaceSymbol[] = await client.connection.sendRequest('workspace/symbol', { query: 'transport cert' });
    assert.deepEqual(symbols.map((s) => s.name), ['EDCA-DATA-003 — Internal transport certificate baseline']);
  });
});
