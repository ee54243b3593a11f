import { lookup as dnsLookup } from 'node:dns/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { LinkCache } from './cache';
import type { AllowPrivate } from './guard';
import { normalizeUrl } from './normalize';
import { LinkSession, type SessionSettings } from './session';
import type { LinkProgress, LinkResult, Lookup, Sleep } from './types';

/** Options of a link check; every one has a default. */
export interface LinkCheckOptions {
  /** Per-request timeout in milliseconds, covering connection, headers and what is read of the body. Default 10 000. */
  timeoutMs?: number;
  /** Requests in flight at once, over all hosts. Default 8. */
  maxRequests?: number;
  /** Requests in flight at once to one host name. Default 2. */
  maxRequestsPerHost?: number;
  /** Redirects followed before a link counts as broken. Default 10. */
  maxRedirects?: number;
  /** Retries after 429, 503 or a transient network error. Default 2. */
  retries?: number;
  /** Backoff before the first retry when the server gives no Retry-After, doubled for each further retry. Default 1000 ms. */
  retryDelayMs?: number;
  /** Cap on any wait before a retry, Retry-After included, in milliseconds. Default 30 000. */
  maxRetryDelayMs?: number;
  /** Bytes read of an error page to recognize a bot-protection challenge. Default 16 384. */
  maxBodyBytes?: number;
  userAgent?: string;
  /** Hosts whose redirects are followed without reporting `link-moved`, and their subdomains. Default aka.ms. */
  shortLinkHosts?: readonly string[];
  /** Private, loopback and link-local addresses allowed. Default false: such links get `link-unverified` and no request. */
  allowPrivate?: AllowPrivate;
  /** Results to reuse while fresh; new results are added to it. The caller saves it. */
  cache?: LinkCache;
  /** Current time in milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
  /** Waits before a retry; tests pass one that records the delay and returns at once. */
  sleep?: Sleep;
  /** Resolves host names; tests pass one that never queries DNS. */
  lookup?: Lookup;
}

/** Builds a User-Agent that names the product, its version and the client, e.g. "ControlStudio-LinkCheck/0.1.0 (control-lint)". */
export function linkUserAgent(version: string, client: string): string {
  return `ControlStudio-LinkCheck/${version} (${client})`;
}

export const DEFAULT_USER_AGENT = 'ControlStudio-LinkCheck (reference URL check of Control Studio)';
export const DEFAULT_SHORT_LINK_HOSTS: readonly string[] = ['aka.ms'];

const defaultSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : {});
};

const defaultLookup: Lookup = async (hostname) => {
  const addresses = await dnsLookup(hostname, { all: true, verbatim: true });
  return addresses.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

function resolveSettings(options: LinkCheckOptions): SessionSettings {
  return {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRequests: options.maxRequests ?? 8,
    maxRequestsPerHost: options.maxRequestsPerHost ?? 2,
    maxRedirects: options.maxRedirects ?? 10,
    retries: options.retries ?? 2,
    retryDelayMs: options.retryDelayMs ?? 1000,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    maxBodyBytes: options.maxBodyBytes ?? 16_384,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    shortLinkHosts: options.shortLinkHosts ?? DEFAULT_SHORT_LINK_HOSTS,
    allowPrivate: options.allowPrivate ?? false,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
    lookup: options.lookup ?? defaultLookup,
  };
}

/**
 * Checks URLs over HTTP and returns the result of each, keyed by the URL text
 * as given. Texts that normalize to the same URL share one check; texts that
 * are not absolute http(s) URLs get no entry. Fresh results come from the
 * cache without a request. `onProgress` is called once per distinct URL.
 * Rejects with the signal's reason when `signal` aborts; results finished
 * until then are in the cache.
 */
export async function checkLinks(
  urls: Iterable<string>,
  options: LinkCheckOptions = {},
  onProgress?: (progress: LinkProgress) => void,
  signal?: AbortSignal,
): Promise<Map<string, LinkResult>> {
  signal?.throwIfAborted();
  const settings = resolveSettings(options);
  const texts = groupByUrl(urls);
  const results = new Map<string, LinkResult>();
  const session = new LinkSession(settings, signal);
  let done = 0;
  const checkOne = async (url: string, sources: string[]): Promise<void> => {
    const result = await resultOf(url, settings, options.cache, session);
    for (const text of sources) results.set(text, result);
    done++;
    onProgress?.({ done, total: texts.size, url, result });
  };
  try {
    const outcomes = await Promise.allSettled([...texts].map(([url, sources]) => checkOne(url, sources)));
    signal?.throwIfAborted();
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    session.close();
  }
  return results;
}

async function resultOf(url: string, settings: SessionSettings, cache: LinkCache | undefined, session: LinkSession): Promise<LinkResult> {
  const cached = cache?.get(url, settings.now(), settings.allowPrivate !== false);
  if (cached) return { ...cached, cached: true };
  const result = await session.check(new URL(url));
  // A refusal depends on the options of this run, and a skip for a
  // rate-limited host depends on the other links of the run. Neither depends
  // on the server, so neither is cached and a later run checks the link again.
  if (!result.refused && !result.hostRateLimited) cache?.set(result);
  return result;
}

// Maps each normalized URL to the texts it came from.
function groupByUrl(urls: Iterable<string>): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  for (const text of urls) {
    const url = normalizeUrl(text)?.href;
    if (url === undefined) continue;
    const sources = texts.get(url);
    if (sources) sources.push(text);
    else texts.set(url, [text]);
  }
  return texts;
}
