import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver';
import { fixturePath } from '../helpers';
import { TestClient, uriOf } from './client';

describe('code actions', () => {
  let folder: string;
  let client: TestClient;
  let uri: string;
  let text: string;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-actions-'));
    fs.cpSync(fixturePath('lsp', 'workspace'), folder, { recursive: true });
    uri = uriOf(path.join(folder, 'controls', 'EDCA-SEC-900.json'));
    text = fs.readFileSync(path.join(folder, 'controls', 'EDCA-SEC-900.json'), 'utf8');
    client = new TestClient();
    await client.initialize(folder);
    await client.open(uri, text, 1);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function actionsFor(code: string, only?: string[]): Promise<CodeAction[]> {
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    const diagnostic = published.diagnostics.find((d) => d.code === code);
    assert.ok(diagnostic, `no ${code} diagnostic`);
    return client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
    });
  }

  it('offers both severity-weight fixes', async () => {
    const actions = await actionsFor('severity-weight');
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred === true]),
      [
        ['Change severityWeight to 6', true],
        ['Change severity to High', false],
        ['Show documentation for severity-weight', false],
      ],
    );
  });

  it('edits the weight at its range', async () => {
    const [preferred] = await actionsFor('severity-weight');
    const change = preferred?.edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.deepEqual(change.edits, [{ range: { start: { line: 8, character: 20 }, end: { line: 8, character: 21 } }, newText: '6' }]);
  });

  it('links the rule documentation', async () => {
    const actions = await actionsFor('severity-weight');
    const docs = actions[2];
    assert.equal(docs?.command?.command, 'controlStudio.showRuleDocs');
    assert.match(String(docs?.command?.arguments?.[0]), /\/docs\/rules\/severity-weight\.md$/);
  });

  it('fixes all on request of source.fixAll', async () => {
    const actions = await actionsFor('severity-weight', ['source.fixAll']);
    assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all Control Studio problems', 'source.fixAll.controlStudio']]);
    const change = actions[0]?.edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.deepEqual(change.edits, [{ range: { start: { line: 8, character: 20 }, end: { line: 8, character: 21 } }, newText: '6' }]);
  });
});
