import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type * as sarif from 'sarif';
import { main } from '../../../server/src/cli/main';
import { answer, redirect, TestServer } from './harness';

// A clean control whose references point at the test server; PORT is replaced
// by its port. Only the link rules report anything on it.
const CONTROL = `{
  "id": "EDCA-GOV-101",
  "title": "Reference link check sample",
  "description": "Exchange servers MUST keep a documented service baseline, because undocumented services widen the attack surface.",
  "verify": false,
  "subject": "Server",
  "category": "Governance",
  "severity": "Low",
  "severityWeight": 2,
  "frameworks": ["Best Practice"],
  "references": [
    { "name": "Working page", "url": "http://127.0.0.1:PORT/ok" },
    { "name": "Missing page", "url": "http://127.0.0.1:PORT/missing" },
    { "name": "Moved page", "url": "http://127.0.0.1:PORT/old" },
    { "name": "Protected page", "url": "http://127.0.0.1:PORT/protected" }
  ],
  "remediation": {
    "automatable": false,
    "description": "Document the services the server needs and disable the others.",
    "scriptTemplate": "# === DIAGNOSTICS ===\\nGet-Service | Format-Table Name, Status\\n\\n# === REMEDIATION ===\\n# NOTE: review the list by hand."
  },
  "considerations": "Disabling a service that a feature needs stops that feature.",
  "roles": ["Mailbox"]
}
`;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

describe('control-lint --links', () => {
  let server: TestServer;
  let folder: string;
  let cacheFile: string;

  before(async () => {
    server = await new TestServer({
      '/ok': answer(200),
      '/missing': answer(404),
      '/old': redirect(301, '/new'),
      '/new': answer(200),
      '/protected': answer(403),
      '/hang': () => undefined,
    }).start();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'links-cli-'));
    fs.mkdirSync(path.join(folder, 'controls'));
    fs.writeFileSync(path.join(folder, 'controls', 'EDCA-GOV-101.json'), CONTROL.replaceAll('PORT', String(server.port)));
  });
  after(async () => {
    await server.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.reset();
    fs.rmSync(path.join(folder, 'cache'), { recursive: true, force: true });
    cacheFile = path.join(folder, 'cache', 'links.json');
  });

  async function run(...args: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const io = { cwd: folder, stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
    const status = await main(['controls', '--rule', 'reference-https=off', ...args], io);
    return { status, stdout, stderr };
  }

  const linkArgs = (): string[] => ['--links', '--links-allow-private', '--links-cache', cacheFile];

  it('makes no request without --links', async () => {
    const { status, stdout } = await run();
    assert.equal(stdout, 'No problems found in 1 file.\n');
    assert.equal(status, 0);
    assert.deepEqual(server.requests, []);
    assert.equal(fs.existsSync(cacheFile), false);
  });

  it('prints link findings in stylish', async () => {
    const { status, stdout, stderr } = await run(...linkArgs());
    const url = (p: string): string => server.url(p);
    assert.equal(
      stdout,
      [
        `controls/EDCA-GOV-101.json:13:39 error link-broken Reference URL is broken: 404 Not Found`,
        `controls/EDCA-GOV-101.json:14:37 warning link-moved Reference URL moved permanently: 301 Moved Permanently to ${url('/new')}`,
        `controls/EDCA-GOV-101.json:15:41 info link-unverified Reference URL could not be verified: 403 Forbidden`,
        '3 problems (1 error, 1 warning, 1 info) in 1 file.',
        '',
      ].join('\n'),
    );
    assert.equal(stderr, '');
    assert.equal(status, 1);
    assert.deepEqual(server.seenSorted(), [
      'GET /missing',
      'GET /protected',
      'HEAD /missing',
      'HEAD /new',
      'HEAD /ok',
      'HEAD /old',
      'HEAD /protected',
    ]);
  });

  it('prints exact ranges in json', async () => {
    const { stdout } = await run(...linkArgs(), '--format', 'json');
    const report = JSON.parse(stdout) as { files: Array<{ findings: Array<{ rule: string; range: unknown }> }> };
    const length = (p: string): number => server.url(p).length;
    assert.deepEqual(
      report.files[0]?.findings.map((finding) => [finding.rule, finding.range]),
      [
        ['link-broken', { start: { line: 12, character: 38 }, end: { line: 12, character: 38 + length('/missing') } }],
        ['link-moved', { start: { line: 13, character: 36 }, end: { line: 13, character: 36 + length('/old') } }],
        ['link-unverified', { start: { line: 14, character: 40 }, end: { line: 14, character: 40 + length('/protected') } }],
      ],
    );
  });

  it('prints link results in sarif', async () => {
    const { stdout } = await run(...linkArgs(), '--format', 'sarif');
    const log = JSON.parse(stdout) as sarif.Log;
    const run0 = log.runs[0];
    assert.ok(run0);
    const ruleIds = run0.tool.driver.rules?.map((rule) => rule.id) ?? [];
    assert.deepEqual(ruleIds.slice(-3), ['link-broken', 'link-moved', 'link-unverified']);
    const results = (run0.results ?? []).map((result) => {
      const region = result.locations?.[0]?.physicalLocation?.region;
      return [result.ruleId, result.level, region?.startLine, region?.startColumn, region?.endColumn];
    });
    assert.deepEqual(results, [
      ['link-broken', 'error', 13, 39, 39 + server.url('/missing').length],
      ['link-moved', 'warning', 14, 37, 37 + server.url('/old').length],
      ['link-unverified', 'note', 15, 41, 41 + server.url('/protected').length],
    ]);
    assert.equal(run0.results?.[1]?.message.text, `Reference URL moved permanently: 301 Moved Permanently to ${server.url('/new')}`);
  });

  it('reuses the cache file on the next run', async () => {
    await run(...linkArgs());
    server.reset();
    const { stdout } = await run(...linkArgs(), '--format', 'github');
    assert.deepEqual(server.requests, []);
    assert.equal(stdout.split('\n').filter((line) => line.startsWith('::')).length, 3);
    assert.ok(fs.existsSync(cacheFile));
  });

  it('refuses 127.0.0.1 without --links-allow-private', async () => {
    const { stdout } = await run('--links', '--links-cache', cacheFile, '--rule', 'link-unverified=warning');
    assert.deepEqual(server.requests, []);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.equal(
      lines[0],
      'controls/EDCA-GOV-101.json:12:39 warning link-unverified Reference URL could not be verified: 127.0.0.1 is a loopback address, and private addresses are checked only with --links-allow-private or the controlStudio.links.allowPrivate user setting',
    );
  });

  it('creates missing --links-cache folders', async () => {
    const nested = path.join(folder, 'cache', 'a', 'b', 'links.json');
    const { status, stderr } = await run('--links', '--links-allow-private', '--links-cache', nested);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const saved = JSON.parse(fs.readFileSync(nested, 'utf8')) as { version: number; entries: unknown[] };
    assert.equal(saved.version, 1);
    assert.equal(saved.entries.length, 4);
  });

  it('reports a --links-cache folder that is a file', async () => {
    fs.mkdirSync(path.join(folder, 'cache'));
    const blocker = path.join(folder, 'cache', 'file');
    fs.writeFileSync(blocker, '');
    const { status, stdout, stderr } = await run('--links', '--links-allow-private', '--links-cache', 'cache/file/links.json');
    assert.equal(stderr, `control-lint: writing the link cache ${path.join(blocker, 'links.json')} failed: ${blocker} exists and is not a folder\n`);
    assert.equal(status, 1);
    assert.equal(stdout.split('\n').at(-2), '3 problems (1 error, 1 warning, 1 info) in 1 file.');
    assert.equal(server.requests.length, 7);
    assert.equal(fs.readFileSync(blocker, 'utf8'), '');
  });

  it('reports a --links-cache under a file', async () => {
    fs.mkdirSync(path.join(folder, 'cache'));
    const blocker = path.join(folder, 'cache', 'file');
    fs.writeFileSync(blocker, '');
    const { status, stderr } = await run('--links', '--links-allow-private', '--links-cache', 'cache/file/a/links.json');
    const file = path.join(blocker, 'a', 'links.json');
    assert.equal(stderr, `control-lint: writing the link cache ${file} failed: ENOTDIR: not a directory, mkdir '${path.join(blocker, 'a')}'\n`);
    assert.equal(status, 1);
    assert.equal(server.requests.length, 7);
  });

  it('applies --links-timeout', async () => {
    const text = CONTROL.replaceAll('PORT', String(server.port)).replace('/protected', '/hang');
    fs.writeFileSync(path.join(folder, 'controls', 'EDCA-GOV-101.json'), text);
    try {
      const { stdout } = await run(...linkArgs(), '--links-timeout', '150', '--rule', 'link-broken=off', '--rule', 'link-moved=off');
      assert.equal(stdout.split('\n')[0], 'controls/EDCA-GOV-101.json:15:41 info link-unverified Reference URL could not be verified: timed out after 150 ms');
    } finally {
      fs.writeFileSync(path.join(folder, 'controls', 'EDCA-GOV-101.json'), CONTROL.replaceAll('PORT', String(server.port)));
    }
  });

  it('rejects an invalid --links-timeout', async () => {
    const { status, stderr } = await run('--links', '--links-timeout', '10s');
    assert.equal(status, 2);
    assert.match(stderr, /Expected a whole number of milliseconds from 1 to 600000, e\.g\. 10000\./);
    assert.deepEqual(server.requests, []);
  });

  it('shows progress on a terminal', async () => {
    let stderr = '';
    const io = { cwd: folder, stdout: () => undefined, stderr: (text: string) => (stderr += text), stderrIsTTY: true };
    await main(['controls', ...linkArgs()], io);
    assert.equal(stderr, '\rChecking links: 1/4\rChecking links: 2/4\rChecking links: 3/4\rChecking links: 4/4\r\u001b[K');
  });
});
