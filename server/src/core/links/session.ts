import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import {
  type Conclusion,
  concludeError,
  concludeStatus,
  describeStatus,
  HEAD_REJECTED,
  isTransientError,
  PERMANENT_REDIRECTS,
  REDIRECT_STATUSES,
  RETRY_STATUSES,
} from './classify';
import { CookieJar } from './cookies';
import { type AllowPrivate, decideAddresses, guardedLookup } from './guard';
import { RequestLimiter } from './limiter';
import { bareHostname, matchesHost } from './normalize';
import { type HopResponse, sendRequest } from './request';
import type { LinkResult, Lookup, Sleep } from './types';

/** Settings of one run, with every default filled in. */
export interface SessionSettings {
  timeoutMs: number;
  maxRequests: number;
  maxRequestsPerHost: number;
  maxRedirects: number;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  maxBodyBytes: number;
  userAgent: string;
  shortLinkHosts: readonly string[];
  allowPrivate: AllowPrivate;
  now: () => number;
  sleep: Sleep;
  lookup: Lookup;
}

/** The state of one redirect chain. */
interface Chain {
  start: URL;
  jar: CookieJar;
  visited: Set<string>;
  redirects: number;
  /** False once a redirect was temporary or came from a short-link host. */
  leadingPermanent: boolean;
  permanentStatus?: number;
  movedTo?: string;
  privateAddress: boolean;
}

type HopOutcome = { response: HopResponse } | { conclusion: Conclusion; status?: number };

/** The outcome of the last request of a hop that is followed by another request. */
interface EarlierOutcome {
  /** The status ("503 Service Unavailable") or the network error. */
  reason: string;
  status?: number;
  /** The request that follows: a retry of the same request, or a GET after a HEAD the server may have rejected. */
  next: 'retry' | 'GET';
  /** Retries sent before this outcome's request. */
  retriesSent: number;
}

const ACCEPT = 'text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8';

/**
 * Checks URLs one redirect chain each, sharing the request limits, the
 * keep-alive connections and what the run learned about hosts. Call `close`
 * when the run ends.
 */
export class LinkSession {
  private readonly limiter: RequestLimiter;
  private readonly agents: { http: http.Agent; https: https.Agent };
  /** Hosts that still returned 429 after the retries; the rest of their links are not requested. */
  private readonly rateLimitedHosts = new Set<string>();
  /** Hosts whose addresses were private and allowed. */
  private readonly privateHosts = new Set<string>();

  constructor(
    private readonly settings: SessionSettings,
    private readonly signal?: AbortSignal,
  ) {
    this.limiter = new RequestLimiter(settings.maxRequests, settings.maxRequestsPerHost, settings.now, settings.sleep);
    const agentOptions = { keepAlive: true, maxSockets: settings.maxRequestsPerHost };
    this.agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Checks one normalized URL, following its redirects. Rejects only when the run is aborted. */
  async check(start: URL): Promise<LinkResult> {
    const chain: Chain = {
      start,
      jar: new CookieJar(this.settings.now),
      visited: new Set(),
      redirects: 0,
      leadingPermanent: true,
      privateAddress: false,
    };
    let current = start;
    for (;;) {
      // A URL requested before with the same cookies would get the same response again.
      const key = `${current.href}\n${chain.jar.header(current)}`;
      if (chain.visited.has(key)) return this.finish(chain, current, { verdict: 'broken', reason: `redirect loop at ${current.href}` });
      chain.visited.add(key);

      const outcome = await this.requestHop(current, chain);
      if ('conclusion' in outcome) return this.finish(chain, current, outcome.conclusion, outcome.status);
      const { response } = outcome;
      const location = firstHeader(response.headers.location);
      if (!REDIRECT_STATUSES.has(response.status) || location === undefined) {
        const conclusion = this.concludeResponse(response);
        if (conclusion.verdict !== 'ok' && chain.redirects > 0) conclusion.reason += ` at ${current.href}`;
        return this.finish(chain, current, conclusion, response.status);
      }

      const next = this.redirectTarget(chain, current, response.status, location);
      if ('verdict' in next) return this.finish(chain, current, next, response.status);
      current = next;
    }
  }

  private concludeResponse(response: HopResponse): Conclusion {
    const conclusion = concludeStatus(response.status, response.bodyStart, response.headers);
    const retries = this.settings.retries;
    if (RETRY_STATUSES.has(response.status) && retries > 0) {
      conclusion.reason += ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}`;
    }
    return conclusion;
  }

  // Resolves a Location header against the current URL and records the redirect.
  private redirectTarget(chain: Chain, current: URL, status: number, location: string): URL | Conclusion {
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return { verdict: 'unverified', reason: `${describeStatus(status)} with an invalid Location header: ${location}` };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return { verdict: 'unverified', reason: `redirects to ${next.href}, which is not an http or https URL` };
    }
    if (chain.redirects >= this.settings.maxRedirects) {
      return { verdict: 'broken', reason: `more than ${this.settings.maxRedirects} redirects` };
    }
    chain.redirects++;
    const shortLink = matchesHost(current.hostname, this.settings.shortLinkHosts);
    if (chain.leadingPermanent && PERMANENT_REDIRECTS.has(status) && !shortLink) {
      chain.permanentStatus ??= status;
      chain.movedTo = next.href;
    } else {
      chain.leadingPermanent = false;
    }
    next.hash = '';
    return next;
  }

  // Sends HEAD, then GET when the server rejects HEAD, retrying 429, 503 and
  // transient network errors.
  private async requestHop(url: URL, chain: Chain): Promise<HopOutcome> {
    const host = url.hostname;
    const refusal = this.checkLiteral(url, chain);
    if (refusal) return { conclusion: refusal };
    let method: 'HEAD' | 'GET' = 'HEAD';
    let attempt = 0;
    let previous: EarlierOutcome | undefined;
    for (;;) {
      const lastAttempt = attempt >= this.settings.retries;
      let response: HopResponse | undefined;
      try {
        response = await this.limiter.run(host, () => this.send(url, method, chain, lastAttempt), this.signal);
      } catch (error) {
        this.signal?.throwIfAborted();
        const conclusion = concludeError(error, bareHostname(url));
        if (!isTransientError(error) || lastAttempt) return { conclusion };
        previous = { reason: conclusion.reason, next: 'retry', retriesSent: attempt };
        await this.settings.sleep(this.backoff(attempt), this.signal);
        attempt++;
        continue;
      }
      if (this.privateHosts.has(host)) chain.privateAddress = true;
      if (!response) return skippedForRateLimit(url, chain.redirects, previous);
      chain.jar.store(url, response.headers['set-cookie']);
      const status = response.status;
      if (method === 'HEAD' && HEAD_REJECTED.has(status)) {
        previous = { reason: describeStatus(status), status, next: 'GET', retriesSent: attempt };
        method = 'GET';
        continue;
      }
      if (!RETRY_STATUSES.has(status) || lastAttempt) return { response };
      previous = { reason: describeStatus(status), status, next: 'retry', retriesSent: attempt };
      this.limiter.pause(host, this.retryDelay(response, attempt));
      attempt++;
    }
  }

  // Runs under the limiter: a host that exhausted its retries on 429 gets no further request.
  private async send(url: URL, method: 'HEAD' | 'GET', chain: Chain, lastAttempt: boolean): Promise<HopResponse | undefined> {
    const host = url.hostname;
    if (this.rateLimitedHosts.has(host)) return undefined;
    const cookie = chain.jar.header(url);
    const headers: Record<string, string> = { 'user-agent': this.settings.userAgent, accept: ACCEPT, 'accept-encoding': 'identity' };
    if (cookie) headers.cookie = cookie;
    const lookup = guardedLookup(this.settings.lookup, this.settings.allowPrivate, () => this.privateHosts.add(host));
    const response = await sendRequest(url, {
      method,
      headers,
      timeoutMs: this.settings.timeoutMs,
      maxBodyBytes: this.settings.maxBodyBytes,
      lookup,
      agents: this.agents,
      ...(this.signal ? { signal: this.signal } : {}),
    });
    if (response.status === 429 && lastAttempt) this.rateLimitedHosts.add(host);
    return response;
  }

  // Node connects to an IP literal without calling the lookup function, so the guard checks it here.
  private checkLiteral(url: URL, chain: Chain): Conclusion | undefined {
    const address = bareHostname(url);
    if (isIP(address) === 0) return undefined;
    const decision = decideAddresses(address, [address], this.settings.allowPrivate);
    if (decision.refusal) return concludeError(decision.refusal, address);
    if (decision.privateAllowed) chain.privateAddress = true;
    return undefined;
  }

  private retryDelay(response: HopResponse, attempt: number): number {
    const asked = retryAfterMs(firstHeader(response.headers['retry-after']), this.settings.now());
    return Math.min(asked ?? this.backoff(attempt), this.settings.maxRetryDelayMs);
  }

  // Exponential backoff: retryDelayMs, twice that, four times that, ... capped.
  private backoff(attempt: number): number {
    return Math.min(this.settings.retryDelayMs * 2 ** attempt, this.settings.maxRetryDelayMs);
  }

  private finish(chain: Chain, current: URL, conclusion: Conclusion, status?: number): LinkResult {
    const result: LinkResult = {
      url: chain.start.href,
      verdict: conclusion.verdict,
      reason: conclusion.reason,
      finalUrl: current.href,
      redirects: chain.redirects,
      checkedAt: this.settings.now(),
    };
    if (status !== undefined) result.status = status;
    if (chain.privateAddress) result.privateAddress = true;
    if (conclusion.refused) result.refused = true;
    if (conclusion.hostRateLimited) result.hostRateLimited = true;
    const movedTo = chain.movedTo;
    if (conclusion.verdict === 'ok' && movedTo !== undefined && withoutFragment(movedTo) !== chain.start.href) {
      result.verdict = 'moved';
      result.movedTo = movedTo;
      result.reason = `${describeStatus(chain.permanentStatus ?? 301)} to ${movedTo}`;
    }
    return result;
  }
}

/**
 * Concludes a hop whose next request was not sent because its host kept
 * returning 429 for another link. The reason states what happened to this URL
 * before: no request at all, a redirect to it that was not followed, or the
 * outcome of its last request and the retry or GET that was not sent.
 */
function skippedForRateLimit(url: URL, redirects: number, previous: EarlierOutcome | undefined): HopOutcome {
  const cause = `because ${url.hostname} kept returning 429 Too Many Requests for another link in this run`;
  if (!previous) {
    const reason = redirects > 0 ? `the redirect to ${url.href} was not followed, ${cause}` : `not requested, ${cause}`;
    return { conclusion: { verdict: 'unverified', reason, hostRateLimited: true } };
  }

  const at = redirects > 0 ? ` at ${url.href}` : '';
  let reason: string;
  if (previous.next === 'GET') {
    reason = `HEAD returned ${previous.reason}${at}, and the GET request was not sent, ${cause}`;
  } else if (previous.retriesSent === 0) {
    reason = `${previous.reason}${at}, and the retry was not sent, ${cause}`;
  } else {
    const retries = `${previous.retriesSent} ${previous.retriesSent === 1 ? 'retry' : 'retries'}`;
    reason = `${previous.reason}${at} after ${retries}, and the next retry was not sent, ${cause}`;
  }
  const conclusion: Conclusion = { verdict: 'unverified', reason, hostRateLimited: true };
  return previous.status === undefined ? { conclusion } : { conclusion, status: previous.status };
}

/** Returns the delay a Retry-After header requests, in milliseconds, from delay-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(date - now, 0);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}
