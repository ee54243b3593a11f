import { pathOf } from '../edits';
import { isUri } from '../schema';
import { stringSpan } from '../strings';
import type { RawFinding } from '../types';
import { referenceUrls, type UrlParts } from './reference-urls';
import { type ControlContext, type ControlRule, onNode } from './rule';

export const referenceHttps: ControlRule = {
  meta: {
    id: 'reference-https',
    description: 'Reference URLs must be absolute https URLs with a host.',
    severity: 'warning',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const findings: RawFinding[] = [];
    for (const { node, text: url, parts } of referenceUrls(context)) {
      if (!node || url === undefined) continue;
      const problem = problemOf(url, parts);
      if (!problem) continue;
      const finding = onNode(node, 'reference-https', problem);
      // `parts` is undefined for a URL that fails to parse, such as
      // http://host:99999, which stays invalid after the switch.
      if (context.includeFixes && /^http:\/\/[^/]/i.test(url) && parts) {
        // Only the scheme changes, so the rest of the URL keeps its escapes as written.
        const edit = { ...stringSpan(context.doc.text, node, 0, 'http'.length), newText: 'https' };
        finding.fixes = [{ title: 'Switch to https://', edits: [edit], targets: [pathOf(node)], preferred: true }];
      }
      findings.push(finding);
    }
    return findings;
  },
};

// A text that fails the schema's format check is left to the schema rule.
function problemOf(url: string, parts: UrlParts | undefined): string | undefined {
  if (!parts) {
    // RFC 3986 accepts "https://" and "https://host:99999", but the WHATWG URL parser of browsers rejects them.
    return isUri(url) ? 'Reference URL is not a valid URL; expected https://<host>/...' : undefined;
  }
  if (parts.protocol !== 'https:') return `Reference URL uses ${parts.protocol.slice(0, -1)}; expected an https URL`;
  if (!parts.hostname || !/^https:\/\/[^/]/i.test(url)) return 'Reference URL has no host; expected https://<host>/...';
  return undefined;
}
