import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fixturePath } from '../helpers';
import { pinDiagnostics, TestClient, uriOf } from './client';

describe('language server on bad input', () => {
  let folder: string;
  let client: TestClient;
  let sampleUri: string;
  let sampleText: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-lsp-bad-'));
    fs.cpSync(fixturePath('lsp', 'workspace'), folder, { recursive: true });
    sampleUri = uriOf(path.join(folder, 'controls', 'EDCA-SEC-900.json'));
    sampleText = fs.readFileSync(path.join(folder, 'controls', 'EDCA-SEC-900.json'), 'utf8');
    client = new TestClient();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Proves the server still lints: an edit to the sample gets fresh diagnostics. */
  async function assertServing(version: number, codes = ['unknown-control-reference']): Promise<void> {
    await client.open(sampleUri, sampleText.replace('"severityWeight": 8', '"severityWeight": 5'), version);
    const published = await client.diagnostics(sampleUri, (p) => p.version === version);
    assert.deepEqual(published.diagnostics.map((d) => d.code), codes);
  }

  it('reports an empty file on disk', async () => {
    const empty = path.join(folder, 'controls', 'EDCA-SEC-901.json');
    fs.writeFileSync(empty, '');
    await client.initialize(folder);
    const published = await client.diagnostics(uriOf(empty));
    assert.deepEqual(pinDiagnostics(published.diagnostics), [['json-syntax', 1, 0, 0, 0, 0]]);
    await assertServing(1);
  });

  it('lints a 5 MB catalogue', async () => {
    await client.initialize(folder);
    const control = JSON.parse(sampleText.replace('"severityWeight": 8', '"severityWeight": 5')) as Record<string, unknown>;
    const controls = Array.from({ length: 1650 }, (_, i) => ({ ...control, id: `EDCA-SEC-${String(i % 1000).padStart(3, '0')}` }));
    const text = JSON.stringify(controls, null, 2);
    assert.ok(text.length > 5_000_000, `catalogue is ${text.length} characters`);
    const uri = uriOf(path.join(folder, 'controls.json'));
    await client.open(uri, text, 1);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    // Ids 000 to 649 occur twice in the catalogue and 900 also in EDCA-SEC-900.json;
    // EDCA-SEC-999 exists, so only duplicates are reported.
    assert.equal(published.diagnostics.length, 1301);
    assert.ok(published.diagnostics.every((d) => d.code === 'id-duplicate'));
    // The catalogue contains EDCA-SEC-900 and EDCA-SEC-999 too.
    await assertServing(1, ['id-duplicate']);
  });

  it('survives 10,000 nested arrays', async () => {
    await client.initialize(folder);
    const uri = uriOf(path.join(folder, 'controls', 'EDCA-SEC-902.json'));
    await client.open(uri, `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 1);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(pinDiagnostics(published.diagnostics), [['json-syntax', 1, 0, 1000, 0, 1001]]);
    await assertServing(1);
  });

  it('reads invalid UTF-8 from disk', async () => {
    const broken = path.join(folder, 'controls', 'EDCA-SEC-903.json');
    fs.writeFileSync(broken, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
    await client.initialize(folder);
    const published = await client.diagnostics(uriOf(broken));
    assert.ok(published.diagnostics.length > 0);
    assert.ok(published.diagnostics.every((d) => d.source === 'Control Studio'));
    await assertServing(1);
  });

  it('handles a file deleted while open', async () => {
    await client.initialize(folder);
    await client.diagnostics(sampleUri);
    const file = path.join(folder, 'controls', 'EDCA-DATA-003.json');
    const uri = uriOf(file);
    await client.open(uri, fs.readFileSync(file, 'utf8'), 1);
    await client.diagnostics(uri, (p) => p.version === 1);
    fs.rmSync(file);
    await client.filesChanged([{ uri, type: 3 }]);
    await client.close(uri);
    const cleared = await client.next((p) => p.uri === uri);
    assert.deepEqual(cleared.diagnostics, []);
    // The sample cites EDCA-DATA-003, which is gone now.
    await assertServing(1, ['unknown-control-reference', 'unknown-control-reference']);
  });
});
