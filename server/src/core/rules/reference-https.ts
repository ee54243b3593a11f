import { fullFormats } from 'ajv-formats/dist/formats';
import { pathOf } from '../edits';
import { stringSpan } from '../strings';
import { objectElements, stringValue, valueOf } from '../tree';
import type { RawFinding } from '../types';
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
    for (const reference of objectElements(valueOf(context.node, 'references'))) {
      const node = valueOf(reference, 'url');
      const url = stringValue(node);
      if (!node || url === undefined) continue;
      const problem = problemOf(url);
      if (!problem) continue;
      const finding = onNode(node, 'reference-https', problem);
      // A URL that fails to parse, such as http://host:99999, stays invalid after the switch.
      if (context.includeFixes && /^http:\/\/[^/]/i.test(url) && URL.canParse(url)) {
        // Only the scheme changes, so the rest of the URL keeps its escapes as written.
        const edit = { ...stringSpan(context.doc.text, node, 0, 'http'.length), newText: 'https' };
        finding.fixes = [{ title: 'Switch to https://', edits: [edit], targets: [pathOf(node)], preferred: true }];
      }
      findings.push(finding);
    }
    return findings;
  },
};

// The check behind the schema's "uri" format: RFC 3986 syntax, any scheme.
const isSchemaUri = fullFormats.uri as (text: string) => boolean;

// A text that fails the schema's format check is left to the schema rule.
function problemOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // RFC 3986 accepts "https://" and "https://host:99999", but the WHATWG URL parser of browsers rejects them.
    return isSchemaUri(url) ? 'Reference URL is not a valid URL; expected https://<host>/...' : undefined;
  }
  if (parsed.protocol !== 'https:') return `Reference URL uses ${parsed.protocol.slice(0, -1)}; expected an https URL`;
  if (!parsed.hostname || !/^https:\/\/[^/]/i.test(url)) return 'Reference URL has no host; expected https://<host>/...';
  return undefined;
}
