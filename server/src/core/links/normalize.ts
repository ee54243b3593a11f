// URLs are requested exactly as written, after the normalization of the WHATWG
// URL parser that Node's `URL` implements. It percent-encodes non-ASCII
// characters in the path and query as UTF-8 and leaves existing `%XX`
// sequences alone, so nothing is encoded twice. IDN host names become punycode,
// and numeric IPv4 forms such as `2130706433` or `0x7f.1` become dotted quads.

/** Parses a reference URL for checking; undefined for text that is not an absolute http(s) URL with a host. */
export function normalizeUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '') return undefined;
  // The fragment belongs to the client; it is never sent.
  url.hash = '';
  return url;
}

/** Returns the host name without the brackets of an IPv6 literal. */
export function bareHostname(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Tells whether `hostname` is one of `hosts` or a subdomain of one. */
export function matchesHost(hostname: string, hosts: readonly string[]): boolean {
  const name = hostname.toLowerCase();
  return hosts.some((host) => {
    const wanted = host.toLowerCase();
    return name === wanted || name.endsWith(`.${wanted}`);
  });
}
