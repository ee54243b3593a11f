// Types of the reference link checker, shared by the CLI and the language server.

/** The conclusion of a link check. Each verdict except `ok` maps to one rule. */
export type LinkVerdict = 'ok' | 'moved' | 'broken' | 'unverified';

/** The outcome of checking one URL, kept in the cache and shown on hover. */
export interface LinkResult {
  /** The URL as requested: normalized, without its fragment. */
  url: string;
  verdict: LinkVerdict;
  /** The reason for the verdict, e.g. "404 Not Found" or "127.0.0.1 refused the connection (ECONNREFUSED)". */
  reason: string;
  /** The HTTP status of the last response, when there was one. */
  status?: number;
  /** The URL of the last request, after redirects. */
  finalUrl: string;
  /** For `moved`: the URL the leading permanent redirects end at, with the fragment of the last Location. */
  movedTo?: string;
  /** Redirects followed. */
  redirects: number;
  /** When the check finished, in milliseconds since the epoch. */
  checkedAt: number;
  /** True when the guard refused an address of the chain, so that request was not sent. */
  refused?: boolean;
  /**
   * True when a request of the chain was not sent because its host kept
   * returning 429 for another link of the run. Such a result depends on the
   * other links of the run, so it is not cached.
   */
  hostRateLimited?: boolean;
  /** True when a request went to a private address that the options allowed. */
  privateAddress?: boolean;
  /** True when this run took the result from the cache. */
  cached?: boolean;
}

/** One resolved address, as `dns.lookup` returns it with `all: true`. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name (ASCII, punycode for IDN) to its addresses. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** Waits `ms` milliseconds; rejects with the signal's reason when it aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Progress of a run, reported once per distinct URL as its result is known. */
export interface LinkProgress {
  done: number;
  total: number;
  url: string;
  result: LinkResult;
}
