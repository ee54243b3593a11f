import { isIP } from 'node:net';

// A cookie jar for one redirect chain, after RFC 6265. Some servers set a
// cookie and redirect to the same URL, and respond with the page only when the
// cookie comes back. Cookies never outlive the chain, so public suffixes are
// not checked.

interface Cookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  /** Milliseconds since the epoch; undefined for a session cookie. */
  expires?: number;
}

export class CookieJar {
  private cookies: Cookie[] = [];

  constructor(private readonly now: () => number) {}

  /** Stores the cookies of the `Set-Cookie` headers of a response to `url`. */
  store(url: URL, headers: readonly string[] | undefined): void {
    for (const header of headers ?? []) {
      const cookie = parseSetCookie(header, url, this.now());
      if (!cookie) continue;
      this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
      if (cookie.expires === undefined || cookie.expires > this.now()) this.cookies.push(cookie);
    }
  }

  /** Returns the `Cookie` header value for a request to `url`, or '' when no cookie applies. */
  header(url: URL): string {
    const host = url.hostname.toLowerCase();
    const now = this.now();
    return this.cookies
      .filter((c) => (c.expires === undefined || c.expires > now) && (!c.secure || url.protocol === 'https:'))
      .filter((c) => (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) && pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

function parseSetCookie(header: string, url: URL, now: number): Cookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const equals = pair.indexOf('=');
  if (equals <= 0) return undefined;
  const host = url.hostname.toLowerCase();
  const cookie: Cookie = {
    name: pair.slice(0, equals).trim(),
    value: pair.slice(equals + 1).trim(),
    domain: host,
    hostOnly: true,
    path: defaultPath(url.pathname),
    secure: false,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'domain' && value !== '') {
      const domain = value.replace(/^\./, '').toLowerCase();
      // A server may only set cookies for its own domain or a parent of it.
      if (!domainMatches(host, domain)) return undefined;
      cookie.domain = domain;
      cookie.hostOnly = false;
    } else if (key === 'path' && value.startsWith('/')) {
      cookie.path = value;
    } else if (key === 'secure') {
      cookie.secure = true;
    } else if (key === 'max-age' && /^-?\d+$/.test(value)) {
      maxAge = Number(value);
    } else if (key === 'expires' && cookie.expires === undefined) {
      const date = Date.parse(value);
      if (!Number.isNaN(date)) cookie.expires = date;
    }
  }
  // Max-Age wins over Expires.
  if (maxAge !== undefined) cookie.expires = now + maxAge * 1000;
  return cookie;
}

function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return isIP(host) === 0 && host.endsWith(`.${domain}`);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

// The directory of the request path: "/a/b" gives "/a", "/a" gives "/".
function defaultPath(requestPath: string): string {
  const slash = requestPath.lastIndexOf('/');
  return slash <= 0 ? '/' : requestPath.slice(0, slash);
}
