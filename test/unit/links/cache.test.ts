import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { checkLinks, LinkCache, type LinkResult } from '../../../server/src/core/links';
import { answer, FakeTime, TestServer, testOptions } from './harness';

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
});
