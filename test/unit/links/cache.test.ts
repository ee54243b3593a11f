import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { checkLinks, LinkCache, type LinkResult } from '../../../server/src/core/links';
import { answer, FakeTime, TestServer, testOptions } from './harness';

// The module object itself, not a copy, so that mocking randomBytes here changes the names cache.ts makes.
import crypto = require('node:crypto');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('link cache', () => {
  let server: TestServer;
  let folder: string;

  before(async () => {
    server = await new TestServer({ '/ok': answer(200), '/missing': answer(404), '/old': answer(301, { location: '/ok' }) }).start();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'links-cache-'));
  });
  after(async () => {
    await server.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  beforeEach(() => server.reset());

  async function run(time: FakeTime, cache: LinkCache, urls = [server.url('/ok'), server.url('/missing')]): Promise<Map<string, LinkResult>> {
    return checkLinks(urls, testOptions(time, { cache }));
  }

  it('makes no request within the TTL', async () => {
    const time = new FakeTime();
    const cache = new LinkCache(undefined);
    await run(time, cache);
    assert.deepEqual(server.seenSorted(), ['GET /missing', 'HEAD /missing', 'HEAD /ok']);

    server.reset();
    time.current += 30 * MINUTE;
    const second = await run(time, cache);
    assert.deepEqual(server.seen(), []);
    assert.equal(second.get(server.url('/ok'))?.cached, true);
    assert.equal(second.get(server.url('/missing'))?.verdict, 'broken');
  });

  it('re-checks failures after an hour', async () => {
    const time = new FakeTime();
    const cache = new LinkCache(undefined);
    await run(time, cache);
    server.reset();
    time.current += HOUR;
    await run(time, cache);
    assert.deepEqual(server.seen(), ['HEAD /missing', 'GET /missing']);
  });

  it('re-checks successes after a day', async () => {
    const time = new FakeTime();
    const cache = new LinkCache(undefined);
    await run(time, cache, [server.url('/ok'), server.url('/old')]);
    server.reset();
    time.current += 24 * HOUR - 1;
    await run(time, cache, [server.url('/ok'), server.url('/old')]);
    assert.deepEqual(server.seen(), []);
    time.current += 1;
    await run(time, cache, [server.url('/ok'), server.url('/old')]);
    assert.deepEqual(server.seenSorted(), ['HEAD /ok', 'HEAD /ok', 'HEAD /old']);
  });

  it('takes TTLs from the options', async () => {
    const time = new FakeTime();
    const cache = new LinkCache(undefined, { success: 10 * MINUTE, failure: MINUTE });
    await run(time, cache);
    server.reset();
    time.current += 5 * MINUTE;
    await run(time, cache);
    assert.deepEqual(server.seen(), ['HEAD /missing', 'GET /missing']);
  });

  it('persists results in a file', async () => {
    const file = path.join(folder, 'nested', 'persist.json');
    const time = new FakeTime();
    const first = await LinkCache.open(file);
    await run(time, first);
    await first.save(time.now());

    server.reset();
    time.current += MINUTE;
    const second = await LinkCache.open(file);
    assert.equal(second.loadProblem, undefined);
    const results = await run(time, second);
    assert.deepEqual(server.seen(), []);
    assert.equal(results.get(server.url('/missing'))?.reason, '404 Not Found');

    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; entries: LinkResult[] };
    assert.equal(saved.version, 1);
    assert.deepEqual(
      saved.entries.map((entry) => [entry.url, entry.verdict, entry.status, entry.checkedAt]),
      [
        [server.url('/missing'), 'broken', 404, time.current - MINUTE],
        [server.url('/ok'), 'ok', 200, time.current - MINUTE],
      ],
    );
    assert.ok(saved.entries.every((entry) => entry.cached === undefined));
  });

  it('merges results saved by another process', async () => {
    const file = path.join(folder, 'merge.json');
    const time = new FakeTime();
    const editor = await LinkCache.open(file);
    const cli = await LinkCache.open(file);
    await run(time, editor, [server.url('/ok')]);
    await run(time, cli, [server.url('/missing')]);
    await editor.save(time.now());
    await cli.save(time.now());

    const merged = await LinkCache.open(file);
    assert.equal(merged.size, 2);
  });

  it('drops expired results when saving', async () => {
    const file = path.join(folder, 'expire.json');
    const time = new FakeTime();
    const cache = await LinkCache.open(file);
    await run(time, cache);
    await cache.save(time.now() + 2 * HOUR);
    const reopened = await LinkCache.open(file);
    assert.equal(reopened.size, 1);
    assert.equal(reopened.get(server.url('/ok'), time.now(), true)?.verdict, 'ok');
  });

  it('starts empty from a damaged file', async () => {
    const file = path.join(folder, 'damaged.json');
    fs.writeFileSync(file, '{"version": 1, "entries": [');
    const cache = await LinkCache.open(file);
    assert.equal(cache.size, 0);
    assert.match(cache.loadProblem ?? '', /^the link cache is not valid JSON: /);

    fs.writeFileSync(file, '{"version": 7, "entries": []}');
    assert.equal((await LinkCache.open(file)).loadProblem, 'the link cache is not a version 1 cache file');
  });

  it('starts empty without a file', async () => {
    const cache = await LinkCache.open(path.join(folder, 'absent.json'));
    assert.equal(cache.size, 0);
    assert.equal(cache.loadProblem, undefined);
  });

  it('starts empty under a file', async () => {
    fs.writeFileSync(path.join(folder, 'plain-file'), '');
    const cache = await LinkCache.open(path.join(folder, 'plain-file', 'links.json'));
    assert.equal(cache.size, 0);
    assert.equal(cache.loadProblem, undefined);
  });

  it('creates missing folders when saving', async () => {
    const file = path.join(folder, 'missing', 'deeper', 'links.json');
    const time = new FakeTime();
    const cache = await LinkCache.open(file);
    await run(time, cache, [server.url('/ok')]);
    await cache.save(time.now());
    assert.equal(fs.statSync(path.join(folder, 'missing', 'deeper')).isDirectory(), true);
    assert.equal((await LinkCache.open(file)).size, 1);
  });

  describe('save', () => {
    let saveFolder: string;
    let target: string;

    beforeEach(() => {
      saveFolder = fs.mkdtempSync(path.join(folder, 'save-'));
      target = path.join(saveFolder, 'target.txt');
      fs.writeFileSync(target, 'not for the cache\n');
    });

    async function saveOneResult(file: string): Promise<LinkCache> {
      const time = new FakeTime();
      const cache = await LinkCache.open(file);
      await run(time, cache, [server.url('/ok')]);
      await cache.save(time.now());
      return cache;
    }

    function savedUrls(file: string): string[] {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: LinkResult[] };
      return saved.entries.map((entry) => entry.url);
    }

    it('ignores a link at the process id name', async () => {
      const file = path.join(saveFolder, 'links.json');
      fs.symlinkSync(target, `${file}.${process.pid}.tmp`);

      await saveOneResult(file);

      assert.equal(fs.readFileSync(target, 'utf8'), 'not for the cache\n');
      assert.equal(fs.lstatSync(file).isFile(), true);
      assert.deepEqual(savedUrls(file), [server.url('/ok')]);
      assert.equal(fs.lstatSync(`${file}.${process.pid}.tmp`).isSymbolicLink(), true);
    });

    it('fails on a link at the random name', async (t) => {
      const file = path.join(saveFolder, 'links.json');
      const fixed = Buffer.from('0123456789abcdef', 'hex');
      t.mock.method(crypto, 'randomBytes', () => fixed);
      const temporary = `${file}.0123456789abcdef.tmp`;
      fs.symlinkSync(target, temporary);

      await assert.rejects(saveOneResult(file), { code: 'EEXIST' });

      assert.equal(fs.readFileSync(target, 'utf8'), 'not for the cache\n');
      assert.equal(fs.lstatSync(temporary).isSymbolicLink(), true);
      assert.equal(fs.existsSync(file), false);
    });

    it('uses a new name for each save', async (t) => {
      const file = path.join(saveFolder, 'links.json');
      const randomBytes = t.mock.method(crypto, 'randomBytes');

      await saveOneResult(file);
      await saveOneResult(file);

      const names = randomBytes.mock.calls.map((call) => (call.result as unknown as Buffer).toString('hex'));
      assert.equal(names.length, 2);
      assert.equal(names[0]?.length, 16);
      assert.notEqual(names[0], names[1]);
      assert.deepEqual(fs.readdirSync(saveFolder).sort(), ['links.json', 'target.txt']);
    });

    it('replaces a link at the cache path', async () => {
      const file = path.join(saveFolder, 'links.json');
      fs.symlinkSync(target, file);

      const cache = await saveOneResult(file);

      assert.match(cache.loadProblem ?? '', /^the link cache is not valid JSON: /);
      assert.equal(fs.readFileSync(target, 'utf8'), 'not for the cache\n');
      assert.equal(fs.lstatSync(file).isSymbolicLink(), false);
      assert.deepEqual(savedUrls(file), [server.url('/ok')]);
    });

    it('writes a file only the owner reads', { skip: process.platform === 'win32' }, async () => {
      const file = path.join(saveFolder, 'links.json');
      await saveOneResult(file);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    });

    it('removes the temporary file on failure', async () => {
      // A rename onto a folder that is not empty fails, after the temporary file was written.
      const file = path.join(saveFolder, 'links.json');
      fs.mkdirSync(path.join(file, 'inside'), { recursive: true });

      await assert.rejects(saveOneResult(file));

      assert.deepEqual(fs.readdirSync(saveFolder).sort(), ['links.json', 'target.txt']);
    });
  });
});
