import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { checkLinks, LinkCache, type LinkCheckOptions, type LinkResult } from '../../../server/src/core/links';
import { classifyAddress } from '../../../server/src/core/links/address';
import { decideAddresses, guardedLookup } from '../../../server/src/core/links/guard';
import { REPO_ROOT } from '../helpers';
import { answer, FakeTime, fakeLookup, noLookup, type Route, TestServer } from './harness';

let server: TestServer;

const routes: Record<string, Route> = {
  '/ok': answer(200),
  '/to-loopback': (_request, response) => {
    response.writeHead(302, { location: `http://127.0.0.1:${server.port}/ok` }).end();
  },
  '/to-rebound-name': (_request, response) => {
    response.writeHead(302, { location: `http://rebind.test:${server.port}/ok` }).end();
  },
};

// Guarded options: private addresses refused unless `extra` allows them.
function guarded(extra: LinkCheckOptions = {}): LinkCheckOptions {
  const time = new FakeTime();
  return { now: time.now, sleep: time.sleep, lookup: noLookup, ...extra };
}

async function checkOne(url: string, options: LinkCheckOptions): Promise<LinkResult> {
  const result = (await checkLinks([url], options)).get(url);
  assert.ok(result, `no result for ${url}`);
  return result;
}

describe('classifyAddress', () => {
  const cases: Array<[string, string | undefined]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b:1::a00:1', 'private'],
    ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['64:ff9b:1::808:808', 'private'],
    ['2002:a00:1::1', 'private'],
    ['2002:ac10::1', 'private'],
    ['::ffff:0:a00:1', 'private'],
    ['::ffff:0:192.168.1.1', 'private'],
    ['fec0::1', 'private'],
    ['feff:ffff::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['192.0.0.1', 'reserved'],
    ['192.0.0.255', 'reserved'],
    ['::ffff:198.18.0.1', 'reserved'],
    ['64:ff9b::192.0.0.8', 'reserved'],
    ['2002:c612::1', 'reserved'],
    ['172.32.0.1', undefined],
    ['8.8.8.8', undefined],
    ['93.184.215.14', undefined],
    ['2606:4700::1', undefined],
    ['::ffff:8.8.8.8', undefined],
    ['64:ff9b::8.8.8.8', undefined],
    ['198.17.255.255', undefined],
    ['198.20.0.0', undefined],
    ['192.0.1.1', undefined],
    ['2002:808:808::1', undefined],
    ['::ffff:0:808:808', undefined],
    ['64:ff9b:2::a00:1', undefined],
    ['not-an-address', undefined],
  ];
  for (const [address, kind] of cases) {
    it(`classifies ${address}`, () => {
      assert.equal(classifyAddress(address), kind);
    });
  }
});

// These addresses are checked without a socket, so a guard that stops refusing
// one of them fails the test without connecting to the address.
const SPECIAL_PURPOSE: Array<[address: string, description: string]> = [
  ['64:ff9b:1::a00:1', 'a private address'],
  ['2002:a00:1::1', 'a private address'],
  ['2002:7f00:1::', 'a loopback address'],
  ['::ffff:0:a00:1', 'a private address'],
  ['198.18.0.1', 'a reserved address'],
  ['192.0.0.8', 'a reserved address'],
  ['fec0::1', 'a private address'],
];

describe('decideAddresses', () => {
  for (const [address, description] of SPECIAL_PURPOSE) {
    it(`refuses IP literal ${address}`, () => {
      const decision = decideAddresses(address, [address], false);
      assert.equal(decision.refusal?.message, `${address} is ${description}, and private addresses are checked only with --links-allow-private or the controlStudio.links.allowPrivate user setting`);
      assert.equal(decision.privateAllowed, false);
    });

    it(`allows ${address} when asked`, () => {
      assert.deepEqual(decideAddresses('intranet.test', [address], true), { privateAllowed: true });
      assert.deepEqual(decideAddresses('intranet.test', [address], ['intranet.test']), { privateAllowed: true });
    });
  }
});

describe('refusal message', () => {
  it('names a user-only VS Code setting', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    const setting = manifest.contributes.configuration.properties['controlStudio.links.allowPrivate'];
    assert.equal(setting?.scope, 'application');
    const message = decideAddresses('10.0.0.1', ['10.0.0.1'], false).refusal?.message ?? '';
    assert.ok(message.includes('the controlStudio.links.allowPrivate user setting'), message);
    assert.ok(message.includes('--links-allow-private'), message);
  });
});

describe('guardedLookup', () => {
  // Runs the lookup function as http.request would and returns the error it reports.
  function lookupError(hostname: string, address: string): Promise<Error | null> {
    const lookup = guardedLookup(fakeLookup({ [hostname]: address }), false, () => assert.fail('no private address is allowed'));
    return new Promise((resolve) => lookup(hostname, {}, (error) => resolve(error)));
  }

  for (const [address, description] of SPECIAL_PURPOSE) {
    it(`refuses a name that resolves to ${address}`, async () => {
      const error = await lookupError('intranet.test', address);
      assert.equal(
        error?.message,
        `intranet.test resolves to ${address}, which is ${description}, and private addresses are checked only with --links-allow-private or the controlStudio.links.allowPrivate user setting`,
      );
    });
  }
});

describe('address guard', () => {
  before(async () => {
    server = await new TestServer(routes).start();
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());

  it('refuses 127.0.0.1 without a request', async () => {
    const result = await checkOne(server.url('/ok'), guarded());
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.refused, true);
    assert.equal(result.reason, '127.0.0.1 is a loopback address, and private addresses are checked only with --links-allow-private or the controlStudio.links.allowPrivate user setting');
    assert.deepEqual(server.seen(), []);
  });

  it('refuses numeric and IPv6 loopback forms', async () => {
    for (const url of [`http://2130706433:${server.port}/ok`, `http://0x7f.1:${server.port}/ok`, `http://[::1]:${server.port}/ok`]) {
      const result = await checkOne(url, guarded());
      assert.equal(result.verdict, 'unverified', url);
      assert.equal(result.refused, true, url);
    }
    assert.deepEqual(server.seen(), []);
  });

  it('refuses a name that resolves to 127.0.0.1', async () => {
    const lookup = fakeLookup({ 'intranet.test': '127.0.0.1' });
    const result = await checkOne(server.url('/ok', 'intranet.test'), guarded({ lookup }));
    assert.equal(result.verdict, 'unverified');
    assert.equal(
      result.reason,
      'intranet.test resolves to 127.0.0.1, which is a loopback address, and private addresses are checked only with --links-allow-private or the controlStudio.links.allowPrivate user setting',
    );
    assert.deepEqual(server.seen(), []);
  });

  it('refuses a name with one private address among public ones', async () => {
    // No connection is attempted at all, so 203.0.113.10 (a documentation address) is never contacted.
    const lookup = fakeLookup({ 'mixed.test': ['203.0.113.10', '127.0.0.1'] });
    const result = await checkOne(server.url('/ok', 'mixed.test'), guarded({ lookup }));
    assert.equal(result.refused, true);
    assert.match(result.reason, /^mixed\.test resolves to 127\.0\.0\.1, which is a loopback address/);
    assert.deepEqual(server.seen(), []);
  });

  it('refuses IPv4-mapped and metadata addresses', async () => {
    const lookup = fakeLookup({ 'mapped.test': '::ffff:127.0.0.1', 'metadata.test': '169.254.169.254' });
    const mapped = await checkOne(server.url('/ok', 'mapped.test'), guarded({ lookup }));
    assert.match(mapped.reason, /^mapped\.test resolves to ::ffff:127\.0\.0\.1, which is a loopback address/);
    const metadata = await checkOne('http://metadata.test/latest/meta-data/', guarded({ lookup }));
    assert.match(metadata.reason, /^metadata\.test resolves to 169\.254\.169\.254, which is a link-local address/);
    assert.deepEqual(server.seen(), []);
  });

  it('refuses a redirect to 127.0.0.1', async () => {
    // start.test is allowed to be private so that the first hop reaches the test server.
    const lookup = fakeLookup({ 'start.test': '127.0.0.1' });
    const result = await checkOne(server.url('/to-loopback', 'start.test'), guarded({ lookup, allowPrivate: ['start.test'] }));
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.refused, true);
    assert.equal(result.finalUrl, server.url('/ok'));
    assert.deepEqual(server.seen(), ['HEAD /to-loopback']);
  });

  it('refuses a redirect to a name that resolves to 127.0.0.1', async () => {
    const calls: string[] = [];
    const lookup = fakeLookup({ 'start.test': '127.0.0.1', 'rebind.test': '127.0.0.1' }, calls);
    const result = await checkOne(server.url('/to-rebound-name', 'start.test'), guarded({ lookup, allowPrivate: ['start.test'] }));
    assert.equal(result.refused, true);
    assert.match(result.reason, /^rebind\.test resolves to 127\.0\.0\.1/);
    assert.deepEqual(calls, ['start.test', 'rebind.test']);
    assert.deepEqual(server.seen(), ['HEAD /to-rebound-name']);
  });

  it('allows private addresses when asked', async () => {
    const result = await checkOne(server.url('/ok'), guarded({ allowPrivate: true }));
    assert.equal(result.verdict, 'ok');
    assert.equal(result.privateAddress, true);
    assert.deepEqual(server.seen(), ['HEAD /ok']);
  });

  it('skips URLs that are not http or https', async () => {
    const results = await checkLinks(['ftp://127.0.0.1/file', 'file:///etc/passwd', 'mailto:a@example.org', 'https://'], guarded());
    assert.equal(results.size, 0);
  });

  it('keeps refusals out of the cache', async () => {
    const options = guarded();
    const cache = new LinkCache(undefined);
    await checkLinks([server.url('/ok')], { ...options, cache });
    assert.equal(cache.size, 0);
  });

  it('serves private results only while allowed', async () => {
    const cache = new LinkCache(undefined);
    const time = new FakeTime();
    const options = { now: time.now, sleep: time.sleep, lookup: noLookup, cache };
    await checkLinks([server.url('/ok')], { ...options, allowPrivate: true });
    const refused = (await checkLinks([server.url('/ok')], options)).get(server.url('/ok'));
    assert.equal(refused?.refused, true);
    assert.equal(refused?.cached, undefined);
    assert.deepEqual(server.seen(), ['HEAD /ok']);
  });
});
