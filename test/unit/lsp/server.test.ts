import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fixturePath } from '../helpers';
import { pinDiagnostics, TestClient, uriOf } from './client';

/** Returns the 0-based line and character of the first occurrence of `needle`. */
function locate(text: string, needle: string): [number, number] {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture text lacks ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return [before.length - 1, (before[before.length - 1] ?? '').length];
}

describe('language server', () => {
  let folder: string;
  let client: TestClient;
  let sampleUri: string;
  let sampleText: string;

  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-lsp-'));
    fs.cpSync(fixturePath('lsp', 'workspace'), folder, { recursive: true });
    sampleUri = uriOf(path.join(folder, 'controls', 'EDCA-SEC-900.json'));
    sampleText = fs.readFileSync(path.join(folder, 'controls', 'EDCA-SEC-900.json'), 'utf8');
    client = new TestClient();
    await client.initialize(folder);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes closed-file diagnostics at start', async () => {
    const published = await client.diagnostics(sampleUri);
    const [weightLine, weightColumn] = locate(sampleText, '8,');
    const [citeLine, citeColumn] = locate(sampleText, 'EDCA-SEC-999');
    assert.deepEqual(pinDiagnostics(published.diagnostics), [
      ['unknown-control-reference', 1, citeLine, citeColumn, citeLine, citeColumn + 12],
      ['severity-weight', 1, weightLine, weightColumn, weightLine, weightColumn + 1],
    ]);
    assert.equal(published.version, undefined);
  });

  it('fills code, source and docs link', async () => {
    const published = await client.diagnostics(sampleUri);
    const diagnostic = published.diagnostics[1];
    assert.equal(diagnostic?.source, 'Control Studio');
    assert.equal(diagnostic?.code, 'severity-weight');
    assert.match(diagnostic?.codeDescription?.href ?? '', /^file:\/\/.*\/docs\/rules\/severity-weight\.md$/);
    assert.equal(diagnostic?.message, 'severityWeight 8 is outside the Medium range 4-6; 8 is in the High range 7-8');
  });

  it('relints an open document on change', async () => {
    await client.diagnostics(sampleUri);
    await client.open(sampleUri, sampleText, 1);
    const [line, character] = locate(sampleText, '8,');
    await client.change(sampleUri, 2, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: '5' }]);
    const published = await client.diagnostics(sampleUri, (p) => p.version === 2);
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['unknown-control-reference'],
    );
  });

  it('never publishes a superseded version', async () => {
    await client.diagnostics(sampleUri);
    await client.open(sampleUri, sampleText, 1);
    await client.diagnostics(sampleUri, (p) => p.version === 1);
    const [line, character] = locate(sampleText, '8,');
    const weights = [1, 2, 3, 7, 8, 9, 10, 4, 5, 6, 1, 2, 3, 7, 8, 9, 10, 4, 5, 6];
    const sends = weights.map((weight, index) =>
      client.change(sampleUri, index + 2, [
        { range: { start: { line, character }, end: { line, character: character + (index === 0 ? 1 : String(weights[index - 1]).length) } }, text: String(weight) },
      ]),
    );
    await Promise.all(sends);
    const last = await client.diagnostics(sampleUri, (p) => p.version === weights.length + 1);
    assert.deepEqual(last.diagnostics.map((d) => d.code), ['unknown-control-reference']);
    const versions = client.published.filter((p) => p.uri === sampleUri && p.version !== undefined).map((p) => p.version as number);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    for (const params of client.published.filter((p) => p.uri === sampleUri && (p.version ?? 0) > 1)) {
      const weight = weights[(params.version as number) - 2] as number;
      const expected = weight >= 4 && weight <= 6 ? 1 : 2;
      assert.equal(params.diagnostics.length, expected, `version ${params.version} with weight ${weight}`);
    }
  });

  it('updates other files when an id appears', async () => {
    await client.diagnostics(sampleUri, (p) => p.diagnostics.length === 2);
    const created = path.join(folder, 'controls', 'EDCA-SEC-999.json');
    const text = sampleText.replace('"EDCA-SEC-900"', '"EDCA-SEC-999"').replace('"severityWeight": 8', '"severityWeight": 5');
    fs.writeFileSync(created, text);
    await client.filesChanged([{ uri: uriOf(created), type: 1 }]);
    const published = await client.diagnostics(sampleUri, (p) => p.diagnostics.length === 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['severity-weight']);
  });

  it('clears diagnostics of a deleted file', async () => {
    await client.diagnostics(sampleUri, (p) => p.diagnostics.length === 2);
    fs.rmSync(path.join(folder, 'controls', 'EDCA-SEC-900.json'));
    await client.filesChanged([{ uri: sampleUri, type: 3 }]);
    const published = await client.next((p) => p.uri === sampleUri);
    assert.deepEqual(published.diagnostics, []);
  });

  it('reports a broken configuration file', async () => {
    await client.diagnostics(sampleUri);
    const configFile = path.join(folder, '.controlstudio.json');
    fs.writeFileSync(configFile, '{ "rules": { "severity-weight": "loud" } }\n');
    await client.filesChanged([{ uri: uriOf(configFile), type: 1 }]);
    const published = await client.diagnostics(uriOf(configFile), (p) => p.diagnostics.length === 1);
    assert.equal(published.diagnostics[0]?.code, 'config');
    const relinted = await client.next((p) => p.uri === sampleUri);
    assert.equal(relinted.diagnostics.length, 2);
  });

  it('applies a configuration file', async () => {
    await client.diagnostics(sampleUri);
    const configFile = path.join(folder, '.controlstudio.json');
    fs.writeFileSync(configFile, '{ "rules": { "severity-weight": "off" } }\n');
    await client.filesChanged([{ uri: uriOf(configFile), type: 1 }]);
    const published = await client.next((p) => p.uri === sampleUri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['unknown-control-reference']);
  });
});
