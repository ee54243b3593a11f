import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { checkLinks } from '../../../server/src/core/links';
import { FakeTime, fakeLookup, TestServer, testOptions } from './harness';

const HOSTS = ['a.test', 'b.test', 'c.test', 'd.test', 'e.test'];
const PATHS_PER_HOST = 10;

/**
 * Holds every response until as many requests wait as the limits allow at
 * most: `maxTotal` overall, and `maxPerHost` for each host with links left.
 * It then responds to them all. A checker that obeys the limits never gets stuck,
 * and one that sends more shows a higher peak.
 */
class Gate {
  private readonly held: Array<{ host: string; response: http.ServerResponse }> = [];
  private readonly remaining = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  peakTotal = 0;
  readonly peakPerHost = new Map<string, number>();

  constructor(
    hosts: readonly string[],
    perHost: number,
    private readonly maxTotal: number,
    private readonly maxPerHost: number,
  ) {
    for (const host of hosts) this.remaining.set(host, perHost);
  }

  hold(request: http.IncomingMessage, response: http.ServerResponse): void {
    const host = (request.headers.host ?? '').split(':')[0] ?? '';
    const count = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, count);
    this.peakPerHost.set(host, Math.max(this.peakPerHost.get(host) ?? 0, count));
    this.held.push({ host, response });
    this.peakTotal = Math.max(this.peakTotal, this.held.length);
    if (this.held.length >= this.expected()) this.releaseAll();
  }

  private expected(): number {
    let sum = 0;
    for (const left of this.remaining.values()) sum += Math.min(left, this.maxPerHost);
    return Math.min(sum, this.maxTotal);
  }

  private releaseAll(): void {
    for (const { host, response } of this.held.splice(0)) {
      this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
      this.remaining.set(host, (this.remaining.get(host) ?? 1) - 1);
      response.writeHead(200).end();
    }
  }
}

describe('request limits', () => {
  let server: TestServer;
  let gate: Gate;

  before(async () => {
    server = await new TestServer({}).start();
  });
  after(async () => {
    await server.stop();
  });

  it('keeps 2 per host and 8 in all', async () => {
    gate = new Gate(HOSTS, PATHS_PER_HOST, 8, 2);
    for (let i = 0; i < PATHS_PER_HOST; i++) server.routes[`/p/${i}`] = (request, response) => gate.hold(request, response);
    const table = Object.fromEntries(HOSTS.map((host) => [host, '127.0.0.1']));
    const urls = HOSTS.flatMap((host) => Array.from({ length: PATHS_PER_HOST }, (_, i) => server.url(`/p/${i}`, host)));

    const results = await checkLinks(urls, testOptions(new FakeTime(), { lookup: fakeLookup(table) }));

    assert.equal(results.size, 50);
    assert.ok([...results.values()].every((result) => result.verdict === 'ok'));
    assert.equal(server.requests.length, 50);
    assert.equal(gate.peakTotal, 8);
    assert.deepEqual([...gate.peakPerHost.values()], [2, 2, 2, 2, 2]);
  });

  it('applies other limits', async () => {
    gate = new Gate(HOSTS, PATHS_PER_HOST, 3, 1);
    server.reset();
    const table = Object.fromEntries(HOSTS.map((host) => [host, '127.0.0.1']));
    const urls = HOSTS.flatMap((host) => Array.from({ length: PATHS_PER_HOST }, (_, i) => server.url(`/p/${i}`, host)));
    const options = testOptions(new FakeTime(), { lookup: fakeLookup(table), maxRequests: 3, maxRequestsPerHost: 1 });

    await checkLinks(urls, options);

    assert.equal(server.requests.length, 50);
    assert.equal(gate.peakTotal, 3);
    assert.deepEqual([...gate.peakPerHost.values()], [1, 1, 1, 1, 1]);
  });
});
