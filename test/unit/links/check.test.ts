import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import * as net from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { checkLinks, DEFAULT_USER_AGENT, LinkCache, type LinkResult } from '../../../server/src/core/links';
import { answer, FakeTime, fakeLookup, redirect, type Route, TestServer, testOptions } from './harness';

const HUGE_BODY = 1024 ** 3;
const CHALLENGE_PAGE = '<!DOCTYPE html><title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script>';

// Bytes the huge route wrote before the client closed the connection.
let hugeWritten = 0;
let hugeClosed: Promise<void> = Promise.resolve();

function hugeBody(request: http.IncomingMessage, response: http.ServerResponse): void {
  if (request.method === 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  hugeWritten = 0;
  hugeClosed = new Promise((resolve) => response.on('close', resolve));
  response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(HUGE_BODY) });
  const chunk = Buffer.alloc(64 * 1024);
  const pump = (): void => {
    while (hugeWritten < HUGE_BODY && !response.destroyed) {
      hugeWritten += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  pump();
}

function cookieCheck(request: http.IncomingMessage, response: http.ServerResponse): void {
  if (request.headers.cookie === 'session=1') {
    response.writeHead(200).end();
  } else {
    response.writeHead(302, { location: '/cookie', 'set-cookie': 'session=1; Path=/; HttpOnly' }).end();
  }
}

// Responds 429 to the first request and 200 to the next, with `retryAfter` as the header value.
function rateLimitedOnce(retryAfter: string): Route {
  return (_request, response, seen) => {
    if (seen === 1) response.writeHead(429, { 'retry-after': retryAfter }).end();
    else response.writeHead(200).end();
  };
}

let server: TestServer;

const routes: Record<string, Route> = {
  '/ok': answer(200),
  '/missing': answer(404),
  '/gone': answer(410),
  '/old': redirect(301, '/new'),
  '/new': answer(200),
  '/permanent-308': redirect(308, '/new'),
  '/temporary': redirect(302, '/ok'),
  '/see-other': redirect(303, '/ok'),
  '/temporary-307': redirect(307, '/ok'),
  '/relative/start': redirect(302, 'next'),
  '/relative/next': answer(200),
  '/relative/dots': redirect(302, '../ok'),
  '/relative/root': redirect(302, '/ok'),
  '/relative/protocol': (_request, response) => {
    response.writeHead(302, { location: `//127.0.0.1:${server.port}/ok` }).end();
  },
  '/loop/a': redirect(302, '/loop/b'),
  '/loop/b': redirect(302, '/loop/a'),
  '/cookie': cookieCheck,
  '/no-head': (request, response) => {
    response.writeHead(request.method === 'HEAD' ? 405 : 200).end();
  },
  '/rate/seconds': rateLimitedOnce('3'),
  '/rate/date': rateLimitedOnce('Wed, 01 Jan 2025 00:00:05 GMT'),
  '/rate/forever': answer(429, { 'retry-after': '3600' }),
  '/rate/no-header': answer(429),
  '/unavailable': answer(503),
  '/to-missing': redirect(302, '/missing'),
  '/to-unavailable': redirect(302, '/unavailable'),
  '/unavailable-once': (_request, response, seen) => {
    response.writeHead(seen === 1 ? 503 : 200).end();
  },
  '/challenge': (_request, response) => {
    response.writeHead(403, { 'content-type': 'text/html' }).end(CHALLENGE_PAGE);
  },
  '/unauthorized': answer(401),
  '/denied-999': answer(999),
  '/hang': () => undefined,
  '/huge': hugeBody,
  '/moved-then-temporary': redirect(301, '/temporary'),
  '/moved-with-fragment': redirect(301, '/new#part'),
  '/moved-to-missing': redirect(301, '/missing'),
  '/no-location': answer(302),
  '/to-mailto': redirect(302, 'mailto:someone@example.org'),
  '/reset': (request) => {
    request.socket.destroy();
  },
  '/not-http': (request) => {
    request.socket.end('NOT HTTP AT ALL\r\n\r\n');
  },
};

// /chain/0 redirects to /chain/1, and so on without end.
for (let i = 0; i < 20; i++) routes[`/chain/${i}`] = redirect(302, `/chain/${i + 1}`);

async function checkOne(url: string, time = new FakeTime(), extra = {}): Promise<LinkResult> {
  const results = await checkLinks([url], testOptions(time, extra));
  const result = results.get(url);
  assert.ok(result, `no result for ${url}`);
  return result;
}

describe('checkLinks over HTTP', () => {
  before(async () => {
    server = await new TestServer(routes).start();
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());

  it('accepts 200 after one HEAD', async () => {
    const result = await checkOne(server.url('/ok'));
    assert.equal(result.verdict, 'ok');
    assert.equal(result.status, 200);
    assert.equal(result.finalUrl, server.url('/ok'));
    assert.equal(result.redirects, 0);
    assert.deepEqual(server.seen(), ['HEAD /ok']);
  });

  it('reports 404 after HEAD and GET', async () => {
    const result = await checkOne(server.url('/missing'));
    assert.equal(result.verdict, 'broken');
    assert.equal(result.status, 404);
    assert.equal(result.reason, '404 Not Found');
    assert.deepEqual(server.seen(), ['HEAD /missing', 'GET /missing']);
  });

  it('reports 410 without a GET', async () => {
    const result = await checkOne(server.url('/gone'));
    assert.equal(result.verdict, 'broken');
    assert.equal(result.reason, '410 Gone');
    assert.deepEqual(server.seen(), ['HEAD /gone']);
  });

  it('reports 301 as moved to the target', async () => {
    const result = await checkOne(server.url('/old'));
    assert.equal(result.verdict, 'moved');
    assert.equal(result.status, 200);
    assert.equal(result.movedTo, server.url('/new'));
    assert.equal(result.finalUrl, server.url('/new'));
    assert.equal(result.reason, `301 Moved Permanently to ${server.url('/new')}`);
    assert.deepEqual(server.seen(), ['HEAD /old', 'HEAD /new']);
  });

  it('reports 308 as moved', async () => {
    const result = await checkOne(server.url('/permanent-308'));
    assert.equal(result.verdict, 'moved');
    assert.equal(result.reason, `308 Permanent Redirect to ${server.url('/new')}`);
  });

  it('follows 302, 303 and 307 silently', async () => {
    for (const path of ['/temporary', '/see-other', '/temporary-307']) {
      server.reset();
      const result = await checkOne(server.url(path));
      assert.equal(result.verdict, 'ok', path);
      assert.equal(result.movedTo, undefined, path);
      assert.equal(result.finalUrl, server.url('/ok'), path);
      assert.equal(result.redirects, 1, path);
      assert.deepEqual(server.seen(), [`HEAD ${path}`, 'HEAD /ok'], path);
    }
  });

  it('resolves relative Location headers', async () => {
    const cases: Array<[string, string]> = [
      ['/relative/start', '/relative/next'],
      ['/relative/dots', '/ok'],
      ['/relative/root', '/ok'],
      ['/relative/protocol', '/ok'],
    ];
    for (const [start, target] of cases) {
      server.reset();
      const result = await checkOne(server.url(start));
      assert.equal(result.verdict, 'ok', start);
      assert.equal(result.finalUrl, server.url(target), start);
      assert.deepEqual(server.seen(), [`HEAD ${start}`, `HEAD ${target}`], start);
    }
  });

  it('stops a redirect loop before repeating a request', async () => {
    const result = await checkOne(server.url('/loop/a'));
    assert.equal(result.verdict, 'broken');
    assert.equal(result.reason, `redirect loop at ${server.url('/loop/a')}`);
    assert.deepEqual(server.seen(), ['HEAD /loop/a', 'HEAD /loop/b']);
  });

  it('reports more than 10 redirects', async () => {
    const result = await checkOne(server.url('/chain/0'));
    assert.equal(result.verdict, 'broken');
    assert.equal(result.reason, 'more than 10 redirects');
    assert.equal(result.redirects, 10);
    assert.equal(result.finalUrl, server.url('/chain/10'));
    assert.equal(server.requests.length, 11);
  });

  it('sends back a cookie set by a redirect', async () => {
    const result = await checkOne(server.url('/cookie'));
    assert.equal(result.verdict, 'ok');
    assert.equal(result.redirects, 1);
    assert.deepEqual(server.seen(), ['HEAD /cookie', 'HEAD /cookie']);
    assert.equal(server.requests[0]?.cookie, undefined);
    assert.equal(server.requests[1]?.cookie, 'session=1');
  });

  it('falls back to GET after 405 on HEAD', async () => {
    const result = await checkOne(server.url('/no-head'));
    assert.equal(result.verdict, 'ok');
    assert.equal(result.status, 200);
    assert.deepEqual(server.seen(), ['HEAD /no-head', 'GET /no-head']);
  });

  it('waits Retry-After seconds after 429', async () => {
    const time = new FakeTime();
    const result = await checkOne(server.url('/rate/seconds'), time);
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(time.delays, [3000]);
    assert.deepEqual(server.seen(), ['HEAD /rate/seconds', 'HEAD /rate/seconds']);
  });

  it('waits until a Retry-After date', async () => {
    const time = new FakeTime(Date.parse('2025-01-01T00:00:00Z'));
    const result = await checkOne(server.url('/rate/date'), time);
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(time.delays, [5000]);
    assert.deepEqual(server.seen(), ['HEAD /rate/date', 'HEAD /rate/date']);
  });

  it('caps Retry-After and gives up after the retries', async () => {
    const time = new FakeTime();
    const result = await checkOne(server.url('/rate/forever'), time, { maxRetryDelayMs: 20_000 });
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.status, 429);
    assert.equal(result.reason, '429 Too Many Requests after 2 retries');
    assert.deepEqual(time.delays, [20_000, 20_000]);
    assert.equal(server.requests.length, 3);
  });

  it('backs off exponentially without Retry-After', async () => {
    const time = new FakeTime();
    const result = await checkOne(server.url('/rate/no-header'), time, { retries: 3 });
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.reason, '429 Too Many Requests after 3 retries');
    assert.deepEqual(time.delays, [1000, 2000, 4000]);
    assert.equal(server.requests.length, 4);
  });

  it('retries 503 once it recovers', async () => {
    const time = new FakeTime();
    const result = await checkOne(server.url('/unavailable-once'), time);
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(time.delays, [1000]);
    assert.deepEqual(server.seen(), ['HEAD /unavailable-once', 'HEAD /unavailable-once']);
  });

  it('skips a host that kept returning 429', async () => {
    const time = new FakeTime();
    const urls = [server.url('/rate/forever'), server.url('/ok')];
    const results = await checkLinks(urls, testOptions(time, { retries: 0, maxRequestsPerHost: 1 }));
    assert.equal(results.get(urls[0] as string)?.reason, '429 Too Many Requests');
    assert.equal(results.get(urls[1] as string)?.verdict, 'unverified');
    assert.equal(
      results.get(urls[1] as string)?.reason,
      'not requested, because 127.0.0.1 kept returning 429 Too Many Requests for another link in this run',
    );
    assert.equal(results.get(urls[1] as string)?.hostRateLimited, true);
    assert.equal(results.get(urls[0] as string)?.hostRateLimited, undefined);
    assert.deepEqual(server.seen(), ['HEAD /rate/forever']);
  });

  // In the tests below, one request at a time goes to the host, in the order
  // in which the limiter grants them. /rate/forever and the other link take
  // turns, starting with /rate/forever. The last 429 to /rate/forever marks
  // the host, so the other link's next request is not sent.

  it('reports a retry not sent after 503', async () => {
    const urls = [server.url('/rate/forever'), server.url('/unavailable')];
    const results = await checkLinks(urls, testOptions(new FakeTime(), { retries: 1, maxRequestsPerHost: 1 }));
    const skipped = results.get(server.url('/unavailable'));
    assert.equal(skipped?.verdict, 'unverified');
    assert.equal(
      skipped?.reason,
      '503 Service Unavailable, and the retry was not sent, because 127.0.0.1 kept returning 429 Too Many Requests for another link in this run',
    );
    assert.equal(skipped?.status, 503);
    assert.equal(skipped?.hostRateLimited, true);
    assert.equal(results.get(server.url('/rate/forever'))?.reason, '429 Too Many Requests after 1 retry');
    assert.deepEqual(server.seen(), ['HEAD /rate/forever', 'HEAD /unavailable', 'HEAD /rate/forever']);
  });

  it('counts retries sent before the skip', async () => {
    const urls = [server.url('/rate/forever'), server.url('/unavailable')];
    const results = await checkLinks(urls, testOptions(new FakeTime(), { retries: 2, maxRequestsPerHost: 1 }));
    assert.equal(
      results.get(server.url('/unavailable'))?.reason,
      '503 Service Unavailable after 1 retry, and the next retry was not sent, because 127.0.0.1 kept returning 429 Too Many Requests for another link in this run',
    );
    assert.deepEqual(server.seen(), [
      'HEAD /rate/forever',
      'HEAD /unavailable',
      'HEAD /rate/forever',
      'HEAD /unavailable',
      'HEAD /rate/forever',
    ]);
  });

  it('reports a GET not sent after HEAD 404', async () => {
    const urls = [server.url('/rate/forever'), server.url('/missing')];
    const results = await checkLinks(urls, testOptions(new FakeTime(), { retries: 1, maxRequestsPerHost: 1 }));
    const skipped = results.get(server.url('/missing'));
    assert.equal(skipped?.verdict, 'unverified');
    assert.equal(
      skipped?.reason,
      'HEAD returned 404 Not Found, and the GET request was not sent, because 127.0.0.1 kept returning 429 Too Many Requests for another link in this run',
    );
    assert.equal(skipped?.status, 404);
    assert.deepEqual(server.seen(), ['HEAD /rate/forever', 'HEAD /missing', 'HEAD /rate/forever']);
  });

  it('reports a retry not sent after a reset', async () => {
    const urls = [server.url('/rate/forever'), server.url('/reset')];
    const results = await checkLinks(urls, testOptions(new FakeTime(), { retries: 1, maxRequestsPerHost: 1 }));
    const skipped = results.get(server.url('/reset'));
    assert.equal(
      skipped?.reason,
      'network error: socket hang up (ECONNRESET), and the retry was not sent, because 127.0.0.1 kept returning 429 Too Many Requests for another link in this run',
    );
    assert.equal(skipped?.status, undefined);
    assert.deepEqual(server.seen(), ['HEAD /rate/forever', 'HEAD /reset', 'HEAD /rate/forever']);
  });

  it('reports a redirect not followed', async () => {
    const urls = [server.url('/rate/forever'), server.url('/to-missing')];
    const results = await checkLinks(urls, testOptions(new FakeTime(), { retries: 1, maxRequestsPerHost: 1 }));
    const skipped = results.get(server.url('/to-missing'));
    assert.equal(skipped?.verdict, 'unverified');
    assert.equal(
      skipped?.reason,
      `the redirect to ${server.url('/missing')} was not followed, because 127.0.0.1 kept returning 429 Too Many Requests for another link in this run`,
    );
    assert.equal(skipped?.status, undefined);
    assert.equal(skipped?.finalUrl, server.url('/missing'));
    assert.equal(skipped?.redirects, 1);
    assert.deepEqual(server.seen(), ['HEAD /rate/forever', 'HEAD /to-missing', 'HEAD /rate/forever']);
  });

  it('names the redirect target of a skip', async () => {
    const urls = [server.url('/rate/forever'), server.url('/to-unavailable')];
    const results = await checkLinks(urls, testOptions(new FakeTime(), { retries: 2, maxRequestsPerHost: 1 }));
    assert.equal(
      results.get(server.url('/to-unavailable'))?.reason,
      `503 Service Unavailable at ${server.url('/unavailable')}, and the retry was not sent, because 127.0.0.1 kept returning 429 Too Many Requests for another link in this run`,
    );
    assert.deepEqual(server.seen(), [
      'HEAD /rate/forever',
      'HEAD /to-unavailable',
      'HEAD /rate/forever',
      'HEAD /unavailable',
      'HEAD /rate/forever',
    ]);
  });

  it('keeps skipped links out of the cache', async () => {
    const time = new FakeTime();
    const cache = new LinkCache(undefined);
    const urls = [server.url('/rate/forever'), server.url('/unavailable')];
    const options = testOptions(time, { retries: 1, maxRequestsPerHost: 1, cache });
    await checkLinks(urls, options);
    assert.equal(cache.size, 1);
    assert.equal(cache.get(server.url('/unavailable'), time.now(), true), undefined);

    server.reset();
    const second = await checkLinks(urls, options);
    assert.equal(second.get(server.url('/rate/forever'))?.cached, true);
    assert.equal(second.get(server.url('/unavailable'))?.cached, undefined);
    assert.equal(second.get(server.url('/unavailable'))?.reason, '503 Service Unavailable after 1 retry');
    assert.deepEqual(server.seen(), ['HEAD /unavailable', 'HEAD /unavailable']);
  });

  it('reports a challenge page as unverified', async () => {
    const result = await checkOne(server.url('/challenge'));
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.status, 403);
    assert.equal(result.reason, '403 Forbidden, a bot-protection challenge');
    assert.deepEqual(server.seen(), ['HEAD /challenge', 'GET /challenge']);
  });

  it('reports 401 and 999 as unverified', async () => {
    assert.equal((await checkOne(server.url('/unauthorized'))).reason, '401 Unauthorized');
    const denied = await checkOne(server.url('/denied-999'));
    assert.equal(denied.verdict, 'unverified');
    assert.equal(denied.reason, '999 Request Denied');
  });

  it('times out a server that never answers', async () => {
    const result = await checkOne(server.url('/hang'), new FakeTime(), { timeoutMs: 200 });
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.status, undefined);
    assert.equal(result.reason, 'timed out after 200 ms');
    assert.deepEqual(server.seen(), ['HEAD /hang']);
  });

  it('closes a GET without reading a huge body', async () => {
    const result = await checkOne(server.url('/huge'));
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(server.seen(), ['HEAD /huge', 'GET /huge']);
    await hugeClosed;
    assert.ok(hugeWritten < 32 * 1024 ** 2, `the server wrote ${hugeWritten} of ${HUGE_BODY} bytes`);
  });

  it('keeps the first permanent target of a mixed chain', async () => {
    const result = await checkOne(server.url('/moved-then-temporary'));
    assert.equal(result.verdict, 'moved');
    assert.equal(result.movedTo, server.url('/temporary'));
    assert.equal(result.finalUrl, server.url('/ok'));
    assert.equal(result.redirects, 2);
  });

  it('keeps the fragment of a Location header', async () => {
    const result = await checkOne(server.url('/moved-with-fragment'));
    assert.equal(result.movedTo, `${server.url('/new')}#part`);
    assert.equal(result.finalUrl, server.url('/new'));
    assert.deepEqual(server.seen(), ['HEAD /moved-with-fragment', 'HEAD /new']);
  });

  it('reports a redirect to a missing page as broken', async () => {
    const result = await checkOne(server.url('/moved-to-missing'));
    assert.equal(result.verdict, 'broken');
    assert.equal(result.reason, `404 Not Found at ${server.url('/missing')}`);
  });

  it('reports a redirect without Location', async () => {
    const result = await checkOne(server.url('/no-location'));
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.reason, '302 Found without a Location header');
  });

  it('does not follow a redirect to mailto', async () => {
    const result = await checkOne(server.url('/to-mailto'));
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.reason, 'redirects to mailto:someone@example.org, which is not an http or https URL');
  });

  it('follows short-link hosts silently', async () => {
    const lookup = fakeLookup({ 'short.test': '127.0.0.1' });
    const url = server.url('/old', 'short.test');
    const result = await checkOne(url, new FakeTime(), { lookup, shortLinkHosts: ['short.test'] });
    assert.equal(result.verdict, 'ok');
    assert.equal(result.movedTo, undefined);
    assert.equal(result.finalUrl, server.url('/new', 'short.test'));
  });

  it('reports a refused connection as broken', async () => {
    const port = await unusedPort();
    const url = `http://127.0.0.1:${port}/ok`;
    const result = await checkOne(url);
    assert.equal(result.verdict, 'broken');
    assert.equal(result.reason, '127.0.0.1 refused the connection (ECONNREFUSED)');
  });

  it('reports refusal on every address as broken', async () => {
    const port = await unusedPort();
    const lookup = fakeLookup({ 'two.test': ['127.0.0.1', '127.0.0.1'] });
    const result = await checkOne(`http://two.test:${port}/ok`, new FakeTime(), { lookup });
    assert.equal(result.verdict, 'broken');
    assert.equal(result.reason, 'two.test refused the connection (ECONNREFUSED)');
  });

  it('retries a reset connection', async () => {
    const time = new FakeTime();
    const result = await checkOne(server.url('/reset'), time);
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.reason, 'network error: socket hang up (ECONNRESET)');
    assert.deepEqual(time.delays, [1000, 2000]);
    assert.deepEqual(server.seen(), ['HEAD /reset', 'HEAD /reset', 'HEAD /reset']);
  });

  it('reports an invalid HTTP response', async () => {
    const result = await checkOne(server.url('/not-http'));
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.reason, '127.0.0.1 sent an invalid HTTP response (HPE_INVALID_CONSTANT)');
    assert.deepEqual(server.seen(), ['HEAD /not-http']);
  });

  it('reports an unknown host name as broken', async () => {
    const result = await checkOne('http://missing.test/page', new FakeTime(), { lookup: fakeLookup({}) });
    assert.equal(result.verdict, 'broken');
    assert.equal(result.reason, 'the host name missing.test does not exist (ENOTFOUND)');
  });

  it('retries a temporary DNS failure', async () => {
    const time = new FakeTime();
    let calls = 0;
    const lookup = async (): Promise<Array<{ address: string; family: 4 }>> => {
      calls++;
      if (calls <= 2) throw Object.assign(new Error('getaddrinfo EAI_AGAIN flaky.test'), { code: 'EAI_AGAIN' });
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const result = await checkOne(server.url('/ok', 'flaky.test'), time, { lookup });
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(time.delays, [1000, 2000]);
    assert.equal(calls, 3);
  });

  it('reports a DNS failure that persists as unverified', async () => {
    const lookup = async (): Promise<never> => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN down.test'), { code: 'EAI_AGAIN' });
    };
    const result = await checkOne('http://down.test/', new FakeTime(), { lookup, retries: 1 });
    assert.equal(result.verdict, 'unverified');
    assert.equal(result.reason, 'the DNS lookup of down.test failed for now (EAI_AGAIN)');
  });

  it('sends the User-Agent and no fragment', async () => {
    await checkOne(`${server.url('/ok')}#section`);
    assert.equal(server.requests[0]?.userAgent, DEFAULT_USER_AGENT);
    assert.equal(server.requests[0]?.path, '/ok');
    server.reset();
    await checkOne(server.url('/ok'), new FakeTime(), { userAgent: 'Custom/2.0' });
    assert.equal(server.requests[0]?.userAgent, 'Custom/2.0');
  });

  it('percent-encodes a path once and keeps the query', async () => {
    const text = `${server.url('/caf%C3%A9/café')}?q=ä&x=1#frag`;
    const results = await checkLinks([text], testOptions(new FakeTime()));
    assert.equal(results.get(text)?.url, `${server.url('/caf%C3%A9/caf%C3%A9')}?q=%C3%A4&x=1`);
    assert.equal(server.requests[0]?.path, '/caf%C3%A9/caf%C3%A9?q=%C3%A4&x=1');
  });

  it('resolves IDN host names as punycode', async () => {
    const calls: string[] = [];
    const lookup = fakeLookup({ 'xn--bcher-kva.test': '127.0.0.1' }, calls);
    const result = await checkOne(server.url('/ok', 'bücher.test'), new FakeTime(), { lookup });
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(calls, ['xn--bcher-kva.test']);
    assert.equal(server.requests[0]?.host, `xn--bcher-kva.test:${server.port}`);
  });

  it('checks each distinct URL once', async () => {
    const texts = [server.url('/ok'), `${server.url('/ok')}#a`, ` ${server.url('/ok')}`, 'mailto:a@example.org', 'not a url'];
    const progress: number[] = [];
    const results = await checkLinks(texts, testOptions(new FakeTime()), (step) => progress.push(step.done * 10 + step.total));
    assert.deepEqual([...results.keys()], texts.slice(0, 3));
    assert.deepEqual(server.seen(), ['HEAD /ok']);
    assert.deepEqual(progress, [11]);
  });

  it('rejects when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = checkLinks([server.url('/hang')], testOptions(new FakeTime()), undefined, controller.signal);
    await server.nextRequest();
    controller.abort(new Error('editor closed the file'));
    await assert.rejects(pending, /editor closed the file/);
  });
});

// A port on 127.0.0.1 that nothing listens on: it was free a moment ago.
async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
