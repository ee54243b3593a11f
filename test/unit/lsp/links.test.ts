import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import { fixturePath } from '../helpers';
import { TestClient, uriOf } from './client';

describe('link checks in the language server', () => {
  let server: http.Server;
  let requests: string[];
  let folder: string;
  let client: TestClient;
  let uri: string;
  let text: string;

  beforeEach(async () => {
    requests = [];
    server = http.createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.statusCode = request.url === '/gone' ? 404 : 200;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-links-'));
    fs.cpSync(fixturePath('lsp', 'workspace'), folder, { recursive: true });
    // Its references point at public hosts; the tests must send requests to 127.0.0.1 only.
    fs.rmSync(path.join(folder, 'controls', 'EDCA-SEC-900.json'));
    const file = path.join(folder, 'controls', 'EDCA-DATA-003.json');
    const control = JSON.parse(fs.readFileSync(file, 'utf8')) as { references: Array<{ name: string; url: string }> };
    control.references = [
      { name: 'Working page', url: `${base}/ok` },
      { name: 'Missing page', url: `${base}/gone` },
    ];
    text = `${JSON.stringify(control, null, 2)}\n`;
    fs.writeFileSync(file, text);
    uri = uriOf(file);
    client = new TestClient();
  });

  afterEach(async () => {
    await client.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function linkCodes(params: { diagnostics: Array<{ code?: string | number }> }): string[] {
    return params.diagnostics.map((d) => String(d.code)).filter((code) => code.startsWith('link-'));
  }

  it('reports a broken link of an opened file', async () => {
    await client.initialize(folder, {}, {}, { trusted: true, allowPrivate: true, cacheFile: path.join(folder, 'links.json') });
    await client.diagnostics(uri);
    await client.open(uri, text, 1);
    const published = await client.diagnostics(uri, (p) => linkCodes(p).length > 0);
    const line = text.split('\n').findIndex((l) => l.includes('/gone'));
    const character = text.split('\n')[line]?.indexOf('http') ?? -1;
    const broken = published.diagnostics.find((d) => d.code === 'link-broken');
    assert.deepEqual(broken?.range, { start: { line, character }, end: { line, character: character + (text.split('\n')[line]?.indexOf('/gone') ?? 0) + 5 - character } });
    assert.deepEqual(linkCodes(published), ['link-broken']);
    assert.deepEqual([...requests].sort(), ['GET /gone', 'HEAD /gone', 'HEAD /ok']);
  });

  it('shows the result on hover', async () => {
    await client.initialize(folder, {}, {}, { trusted: true, allowPrivate: true, cacheFile: path.join(folder, 'links.json') });
    await client.open(uri, text, 1);
    await client.diagnostics(uri, (p) => linkCodes(p).length > 0);
    const line = text.split('\n').findIndex((l) => l.includes('/gone'));
    const character = (text.split('\n')[line]?.indexOf('/gone') ?? 0) + 1;
    const hover: Hover | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    const value = (hover?.contents as { value: string }).value;
    assert.match(value, /^\*\*Link is broken\*\*/);
    assert.match(value, /Status: 404/);
  });

  it('sends nothing in an untrusted workspace', async () => {
    await client.initialize(folder, {}, {}, { trusted: false, allowPrivate: true, cacheFile: path.join(folder, 'links.json') });
    await client.open(uri, text, 1);
    const published = await client.diagnostics(uri, (p) => p.version === 1);
    const result: { checked: number } = await client.connection.sendRequest('controlStudio/checkLinks', {});
    assert.equal(result.checked, 0);
    assert.deepEqual(linkCodes(published), []);
    assert.deepEqual(requests, []);
  });

  it('checks the workspace on request', async () => {
    await client.initialize(folder, {}, {}, { trusted: true, allowPrivate: true, cacheFile: path.join(folder, 'links.json') });
    await client.diagnostics(uri);
    const result: { checked: number; cancelled: boolean } = await client.connection.sendRequest('controlStudio/checkLinks', {});
    assert.deepEqual(result, { checked: 2, cancelled: false });
    const published = await client.diagnostics(uri, (p) => linkCodes(p).length > 0);
    assert.deepEqual(linkCodes(published), ['link-broken']);
    const progress = client.notifications.filter((n) => n.method === 'controlStudio/linkProgress').map((n) => n.params);
    assert.deepEqual(progress, [
      { done: 1, total: 2 },
      { done: 2, total: 2 },
    ]);
  });
});
