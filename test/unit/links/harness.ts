import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LinkCheckOptions, Lookup, ResolvedAddress } from '../../../server/src/core/links';

/** One request as the test server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  host: string;
  cookie?: string;
  userAgent?: string;
}

/** Handles one route; `seen` counts the requests to this path so far, this one included. */
export type Route = (request: http.IncomingMessage, response: http.ServerResponse, seen: number) => void;

/** An HTTP server on 127.0.0.1 that records every request. */
export class TestServer {
  readonly requests: SeenRequest[] = [];
  private readonly counts = new Map<string, number>();
  private readonly waiters: Array<(request: SeenRequest) => void> = [];
  private server: http.Server | undefined;
  port = 0;

  constructor(readonly routes: Record<string, Route>) {}

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when the next request arrives. */
  nextRequest(): Promise<SeenRequest> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Lists the requests as "METHOD /path" in sorted order, for requests sent in parallel. */
  seenSorted(): string[] {
    return this.seen().sort();
  }

  /** Forgets the requests seen so far. */
  reset(): void {
    this.requests.length = 0;
    this.counts.clear();
  }

  /** Returns the URL of a path on this server, under 127.0.0.1 or another host name. */
  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  /** Lists the requests as "METHOD /path". */
  seen(): string[] {
    return this.requests.map((request) => `${request.method} ${request.path}`);
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const path = request.url ?? '/';
    const seen: SeenRequest = { method: request.method ?? '', path, host: request.headers.host ?? '' };
    if (request.headers.cookie !== undefined) seen.cookie = request.headers.cookie;
    if (request.headers['user-agent'] !== undefined) seen.userAgent = request.headers['user-agent'];
    this.requests.push(seen);
    for (const waiter of this.waiters.splice(0)) waiter(seen);
    const key = path.split('?')[0] ?? path;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    const route = this.routes[key];
    if (route) {
      route(request, response, count);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
    }
  }
}

/** Responds with a status and optional headers, with an empty body. */
export function answer(status: number, headers: Record<string, string | string[]> = {}): Route {
  return (_request, response) => {
    response.writeHead(status, headers).end();
  };
}

/** Responds with a redirect to `location`. */
export function redirect(status: number, location: string): Route {
  return answer(status, { location });
}

/** A clock that only moves when the checker sleeps; every delay is recorded. */
export class FakeTime {
  readonly delays: number[] = [];

  constructor(public current = Date.parse('2025-01-01T00:00:00Z')) {}

  now = (): number => this.current;

  sleep = async (ms: number): Promise<void> => {
    this.delays.push(ms);
    this.current += ms;
  };
}

/** A lookup that fails the test when the checker resolves a name it should not. */
export const noLookup: Lookup = async (hostname) => {
  throw new Error(`unexpected DNS lookup of ${hostname}`);
};

/** Returns a lookup that maps test names to fixed addresses and records each call. */
export function fakeLookup(table: Record<string, string | string[]>, calls: string[] = []): Lookup {
  return async (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) {
      const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      error.code = 'ENOTFOUND';
      throw error;
    }
    const addresses = Array.isArray(entry) ? entry : [entry];
    return addresses.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

/** Options for checks against the test server: private addresses allowed, fake time, no DNS. */
export function testOptions(time: FakeTime, extra: LinkCheckOptions = {}): LinkCheckOptions {
  return { allowPrivate: true, now: time.now, sleep: time.sleep, lookup: noLookup, timeoutMs: 5000, ...extra };
}
