import type { Node } from 'jsonc-parser';
import { objectElements, stringValue, valueOf } from '../tree';
import type { ControlContext } from './rule';

/** The parts of a parsed URL that the reference rules read, as the WHATWG URL API returns them. */
export interface UrlParts {
  /** The scheme in lower case with its colon, e.g. "https:". */
  protocol: string;
  /** The serialized host without the port, e.g. "learn.microsoft.com". */
  hostname: string;
}

/** The `url` of one object in a control's `references`. */
export interface ReferenceUrl {
  /** The value node of `url`; undefined when the reference has none. */
  node: Node | undefined;
  /** The URL text; undefined when the value is not a string. */
  text: string | undefined;
  /** The parsed URL; undefined when the text is missing or `new URL` rejects it. */
  parts: UrlParts | undefined;
}

// An http or https URL with a host of lower-case ASCII labels, followed by the
// end or a path, query or fragment. `new URL` leaves such a host as written:
// no label is punycode ("xn--"), and the last label starts with a letter, so
// the host is not read as an IPv4 address. Hyphens only join letters and
// digits. Everything after the host is percent-encoded, never rejected.
const PLAIN_URL = /^(https?):\/\/((?:[a-z0-9]+(?:-[a-z0-9]+)*\.)*[a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?=[/?#]|$)/;

/**
 * Parses a URL as `new URL` does and returns its scheme and host name, or
 * undefined when `new URL` would throw. The common form of reference URLs is
 * read with one regular expression. Any other text goes to `new URL`, which
 * normalizes case, IDN, IPv4 forms and stray whitespace.
 */
export function parseUrl(text: string): UrlParts | undefined {
  const plain = PLAIN_URL.exec(text);
  if (plain) return { protocol: `${plain[1]}:`, hostname: plain[2] as string };
  try {
    const url = new URL(text);
    return { protocol: url.protocol, hostname: url.hostname };
  } catch {
    return undefined;
  }
}

// The URL texts of the last control read and their parsed parts.
// framework-reference and reference-https run one after the other on each
// control, so the second one reuses the parts of the first. Only strings are
// kept, not nodes, so that no parse tree outlives its lint.
let lastTexts: Array<string | undefined> = [];
let lastParts: Array<UrlParts | undefined> = [];

/** Returns the URL of each object in the control's `references`, parsed once per control. */
export function referenceUrls(context: ControlContext): ReferenceUrl[] {
  const urls: ReferenceUrl[] = [];
  for (const reference of objectElements(valueOf(context.node, 'references'))) {
    const node = valueOf(reference, 'url');
    urls.push({ node, text: stringValue(node), parts: undefined });
  }
  const known = urls.length === lastTexts.length && urls.every((url, index) => url.text === lastTexts[index]);
  for (let index = 0; index < urls.length; index++) {
    const url = urls[index] as ReferenceUrl;
    if (known) url.parts = lastParts[index];
    else if (url.text !== undefined) url.parts = parseUrl(url.text);
  }
  lastTexts = urls.map((url) => url.text);
  lastParts = urls.map((url) => url.parts);
  return urls;
}
