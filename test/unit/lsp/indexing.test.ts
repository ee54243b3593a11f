import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { type PublishDiagnosticsParams, WorkDoneProgress, WorkDoneProgressCreateRequest, type WorkDoneProgressCreateParams } from 'vscode-languageserver';
import { CORPUS_DIR, fixturePath } from '../helpers';
import { SERVER_BUNDLE, TestClient, uriOf } from './client';

interface Status {
  indexing: boolean;
  controls: number;
  files: number;
  errors: number;
  warnings: number;
}

const STATUS = 'controlStudio/status';

/**
 * Builds a workspace from the real controls in `copies` folders, the language
 * server fixtures, a catalogue, an empty file and a file of invalid UTF-8.
 */
function makeWorkspace(folder: string, copies: number): void {
  const names = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.json'));
  for (let copy = 1; copy <= copies; copy++) {
    const controls = path.join(folder, `shard-${copy}`, 'controls');
    fs.mkdirSync(controls, { recursive: true });
    for (const name of names) fs.copyFileSync(path.join(CORPUS_DIR, name), path.join(controls, name));
  }
  fs.cpSync(fixturePath('lsp', 'workspace'), folder, { recursive: true });
  const sample = JSON.parse(fs.readFileSync(path.join(folder, 'controls', 'EDCA-SEC-900.json'), 'utf8')) as Record<string, unknown>;
  const catalogue = [1, 2, 3].map((n) => ({ ...sample, id: `EDCA-SEC-90${n}`, title: `Catalogue control ${n}.` }));
  fs.writeFileSync(path.join(folder, 'controls.json'), JSON.stringify(catalogue, null, 2));
  fs.writeFileSync(path.join(folder, 'controls', 'EDCA-SEC-910.json'), '');
  fs.writeFileSync(path.join(folder, 'controls', 'EDCA-SEC-911.json'), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]));
}

/** Starts a server on `folder`, waits for the end of indexing, and returns what it published by URI and its status. */
async function indexWith(folder: string, workers: number, serverBundle = SERVER_BUNDLE): Promise<{ published: Map<string, PublishDiagnosticsParams>; status: Status; logs: string[] }> {
  const client = new TestClient(serverBundle);
  try {
    await client.initialize(folder, {}, {}, {}, { workers });
    const status = await client.notification<Status>(STATUS, (params) => !params.indexing);
    const published = new Map(client.published.map((params) => [params.uri, params]));
    return { published, status, logs: client.logs };
  } finally {
    await client.stop();
  }
}

describe('indexing', () => {
  let folder: string;
  let inThread: Awaited<ReturnType<typeof indexWith>>;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-index-'));
    makeWorkspace(folder, 2);
    inThread = await indexWith(folder, 0);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('publishes every file in-thread', () => {
    // 2 x 150 real controls, 2 fixtures, the catalogue, 2 broken files and the absent configuration file.
    assert.equal(inThread.published.size, 306);
    assert.deepEqual(inThread.status, { indexing: false, controls: 306, files: 305, errors: 387, warnings: 415 });
    assert.equal(inThread.logs.length, 1);
    assert.match(inThread.logs[0] ?? '', /^Indexed 305 control files on the main thread in \d+ ms\.$/);
  });

  it('publishes the same diagnostics on workers', async () => {
    const onWorkers = await indexWith(folder, 2);
    assert.deepEqual(onWorkers.status, inThread.status);
    assert.deepEqual([...onWorkers.published.keys()].sort(), [...inThread.published.keys()].sort());
    for (const [uri, params] of inThread.published) assert.deepEqual(onWorkers.published.get(uri), params, uri);
    assert.equal(onWorkers.logs.length, 1);
    assert.match(onWorkers.logs[0] ?? '', /^Indexed 305 control files on 2 worker threads in \d+ ms\.$/);
  });

  it('publishes every file when workers fail', async () => {
    // A copy of the server bundle without lint-worker.js beside it.
    const bundle = path.join(folder, '..', `${path.basename(folder)}-dist`, 'server.js');
    fs.mkdirSync(path.dirname(bundle));
    fs.copyFileSync(SERVER_BUNDLE, bundle);
    try {
      const failing = await indexWith(folder, 2, bundle);
      assert.deepEqual(failing.status, inThread.status);
      assert.deepEqual([...failing.published.keys()].sort(), [...inThread.published.keys()].sort());
      for (const [uri, params] of inThread.published) {
        // The copied bundle's package root differs, and so do the rule documentation links.
        const strip = (p: PublishDiagnosticsParams | undefined): unknown => p?.diagnostics.map(({ codeDescription: _link, ...rest }) => rest);
        assert.deepEqual(strip(failing.published.get(uri)), strip(params), uri);
      }
      assert.equal(failing.logs.length, 3);
      for (const log of failing.logs.slice(0, 2)) assert.match(log, /^A lint worker thread failed, so its files are linted on the main thread: Error: Cannot find module/);
      assert.match(failing.logs[2] ?? '', /^Indexed 305 control files on 2 worker threads in \d+ ms\.$/);
    } finally {
      fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
    }
  });
});

describe('indexing with an open file', () => {
  let folder: string;
  let client: TestClient;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-index-open-'));
    makeWorkspace(folder, 3);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  afterEach(async () => {
    await client.stop();
  });

  it('never publishes the disk text of an open file', async () => {
    client = new TestClient();
    const firstReport = new Promise<void>((resolve) => {
      client.connection.onRequest(WorkDoneProgressCreateRequest.method, ({ token }: WorkDoneProgressCreateParams) => {
        client.connection.onProgress(WorkDoneProgress.type, token, (value) => {
          if (value.kind === 'report') resolve();
        });
        return null;
      });
    });
    const file = path.join(folder, 'shard-3', 'controls', 'EDCA-TLS-048.json');
    const uri = uriOf(file);
    const text = fs.readFileSync(file, 'utf8');
    const edited = text.replace(/"title": "([^"]*)"/, '"title": "$1."');
    assert.notEqual(edited, text);
    await client.initialize(folder, {}, { window: { workDoneProgress: true } }, {}, { workers: 2 });
    // The first progress report comes after the first batch of 100 files is stored, before the last file's.
    await firstReport;
    await client.open(uri, edited, 1);
    await client.notification<Status>(STATUS, (params) => !params.indexing);
    const opened = await client.diagnostics(uri, (params) => params.version === 1);
    assert.ok(opened.diagnostics.some((diagnostic) => diagnostic.code === 'title-period'));
    // A request round trip, so that everything published before its response has arrived.
    await client.connection.sendRequest('controlStudio/controls');
    const versions = client.published.filter((params) => params.uri === uri).map((params) => params.version ?? 'disk');
    const firstOpen = versions.indexOf(1);
    assert.deepEqual(versions.slice(firstOpen), versions.slice(firstOpen).map(() => 1));
  });
});

/** Resolves once `file` exists, watching its folder for it. */
function fileCreated(file: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(path.dirname(file), () => {
      if (!fs.existsSync(file)) return;
      watcher.close();
      resolve();
    });
    if (fs.existsSync(file)) {
      watcher.close();
      resolve();
    }
  });
}

describe('indexing with a gated worker', () => {
  let folder: string;
  let bundleFolder: string;
  let client: TestClient;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-index-changed-'));
    makeWorkspace(folder, 1);
    // A copy of the server bundle whose lint worker keeps its results back until the test releases them.
    bundleFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-index-gated-'));
    fs.copyFileSync(SERVER_BUNDLE, path.join(bundleFolder, 'server.js'));
    const gated = JSON.stringify(fixturePath('workers', 'gated-worker.js'));
    fs.writeFileSync(path.join(bundleFolder, 'lint-worker.js'), `require(${gated})(__dirname);\n`);
    client = new TestClient(path.join(bundleFolder, 'server.js'));
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(bundleFolder, { recursive: true, force: true });
  });

  /** Releases the kept results once the server has handled every message sent before. */
  async function openGate(): Promise<void> {
    // The response comes after the earlier notifications are handled, because the server reads its messages in order.
    await client.connection.sendRequest('controlStudio/controls');
    fs.writeFileSync(path.join(bundleFolder, 'open'), '');
  }

  it('keeps the newer text over a result read before', async () => {
    const file = path.join(folder, 'controls', 'EDCA-DATA-003.json');
    const uri = uriOf(file);
    await client.initialize(folder, {}, {}, {}, { workers: 1 });
    // The worker has read and linted the first batch, which contains this file, and keeps the result back.
    await fileCreated(path.join(bundleFolder, 'linted'));
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(/"title": "([^"]*)"/, '"title": "$1."'));
    await client.filesChanged([{ uri, type: 2 }]);
    await openGate();
    await client.notification<Status>(STATUS, (params) => !params.indexing);
    const published = client.published.filter((params) => params.uri === uri);
    assert.equal(published.length, 1);
    assert.deepEqual(published[0]?.diagnostics.map((diagnostic) => diagnostic.code), ['title-period']);
  });

  it('restarts when the configuration changes', async () => {
    const sampleUri = uriOf(path.join(folder, 'controls', 'EDCA-SEC-900.json'));
    await client.initialize(folder, {}, {}, {}, { workers: 1 });
    await fileCreated(path.join(bundleFolder, 'linted'));
    const configFile = path.join(folder, '.controlstudio.json');
    fs.writeFileSync(configFile, '{ "rules": { "severity-weight": "off" } }\n');
    await client.filesChanged([{ uri: uriOf(configFile), type: 1 }]);
    await openGate();
    const status = await client.notification<Status>(STATUS, (params) => !params.indexing);
    assert.deepEqual(status, { indexing: false, controls: 156, files: 155, errors: 21, warnings: 209 });
    assert.equal(client.notifications.filter((notification) => notification.method === STATUS).length, 1);
    const published = client.published.filter((params) => params.uri === sampleUri);
    assert.deepEqual(
      published.map((params) => params.diagnostics.map((diagnostic) => diagnostic.code)),
      [['unknown-control-reference']],
    );
  });
});
