import { STATUS_CODES } from 'node:http';
import { RefusedAddressError } from './guard';
import { RequestTimeoutError } from './request';
import type { LinkVerdict } from './types';

/** A verdict with the reason shown to users. */
export interface Conclusion {
  verdict: LinkVerdict;
  reason: string;
  /** True when the guard refused the address and no request was sent. */
  refused?: boolean;
  /** True when a request was not sent because its host kept returning 429 for another link. */
  hostRateLimited?: boolean;
}

/** Statuses that redirect when they come with a Location header. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([300, 301, 302, 303, 307, 308]);

/** Redirects that mean the resource moved for good, so the reference should change. */
export const PERMANENT_REDIRECTS: ReadonlySet<number> = new Set([301, 308]);

/** Statuses to a HEAD request that servers also send when they reject or mishandle HEAD; GET is tried then. */
export const HEAD_REJECTED: ReadonlySet<number> = new Set([403, 404, 405, 501]);

/** Statuses that ask the client to come back later; they are retried. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503]);

// Network errors worth a retry: the connection broke, or the network or DNS
// failed for a moment.
const TRANSIENT_ERRORS: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
]);

/** Formats a status as "404 Not Found"; LinkedIn's 999 has no standard name. */
export function describeStatus(status: number): string {
  const name = status === 999 ? 'Request Denied' : STATUS_CODES[status];
  return name ? `${status} ${name}` : String(status);
}

/** Classifies the final HTTP status of a check. */
export function concludeStatus(status: number, bodyStart: string, headers: Record<string, unknown>): Conclusion {
  const reason = describeStatus(status);
  if (status >= 200 && status < 300) return { verdict: 'ok', reason };
  if (status === 404 || status === 410) return { verdict: 'broken', reason };
  if (status >= 300 && status < 400) return { verdict: 'unverified', reason: `${reason} without a Location header` };
  if ((status === 403 || status === 503) && isChallenge(bodyStart, headers)) {
    return { verdict: 'unverified', reason: `${reason}, a bot-protection challenge` };
  }
  return { verdict: 'unverified', reason };
}

// Bot protection responds with a page that runs a script or shows a CAPTCHA.
// Cloudflare marks it with `cf-mitigated: challenge`. Other challenge pages are
// recognized by words on the page.
const CHALLENGE_PAGE = /captcha|challenge-platform|cf-chl|just a moment|verify you are (a )?human|checking your browser/i;

function isChallenge(bodyStart: string, headers: Record<string, unknown>): boolean {
  return headers['cf-mitigated'] === 'challenge' || CHALLENGE_PAGE.test(bodyStart);
}

/** Tells whether a request error is worth a retry. */
export function isTransientError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && TRANSIENT_ERRORS.has(code);
}

/** Classifies a request that failed without a response. */
export function concludeError(error: unknown, hostname: string): Conclusion {
  if (error instanceof RefusedAddressError) return { verdict: 'unverified', reason: error.message, refused: true };
  if (error instanceof RequestTimeoutError) return { verdict: 'unverified', reason: `timed out after ${formatDuration(error.timeoutMs)}` };
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  // Node reports the failure of every address of a host as an AggregateError with an empty message.
  const message = (error instanceof Error ? error.message : String(error)) || code;
  if (code === 'ENOTFOUND') return { verdict: 'broken', reason: `the host name ${hostname} does not exist (ENOTFOUND)` };
  if (code === 'ECONNREFUSED') return { verdict: 'broken', reason: `${hostname} refused the connection (ECONNREFUSED)` };
  if (isTlsError(code)) return { verdict: 'broken', reason: `the TLS connection to ${hostname} failed: ${message} (${code})` };
  if (code === 'EAI_AGAIN') return { verdict: 'unverified', reason: `the DNS lookup of ${hostname} failed for now (EAI_AGAIN)` };
  if (code.startsWith('HPE_')) return { verdict: 'unverified', reason: `${hostname} sent an invalid HTTP response (${code})` };
  if (!code) return { verdict: 'unverified', reason: `request failed: ${message}` };
  return { verdict: 'unverified', reason: message === code ? `network error (${code})` : `network error: ${message} (${code})` };
}

// OpenSSL's certificate errors (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT,
// UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...) and Node's ERR_TLS_* and ERR_SSL_*
// codes; EPROTO is a failed handshake.
function isTlsError(code: string): boolean {
  return code === 'EPROTO' || /^ERR_(TLS|SSL)_/.test(code) || /CERT|SIGNATURE|ISSUER/.test(code);
}

/** Formats milliseconds for messages: "10 s", "250 ms". */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
