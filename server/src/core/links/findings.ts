import type { Node } from 'jsonc-parser';
import type { Config } from '../config';
import { pathOf, replaceString } from '../edits';
import { effectiveSeverity } from '../lint';
import type { ParsedDocument } from '../parse';
import { linkBroken } from '../rules/link-broken';
import { linkMoved } from '../rules/link-moved';
import { linkUnverified } from '../rules/link-unverified';
import type { LinkRule } from '../rules/rule';
import { objectElements, stringValue, valueOf } from '../tree';
import type { Finding, Fix, SeveritySetting } from '../types';
import { describeStatus } from './classify';
import type { LinkResult, LinkVerdict } from './types';

/** A `references[].url` string of a control, with its node. */
export interface ReferenceUrl {
  url: string;
  node: Node;
}

export interface LinkFindingOptions {
  config: Config;
  /** Severities that win over the configuration, e.g. from `--rule`. */
  overrides?: Readonly<Record<string, SeveritySetting>>;
}

const RULE_OF: Record<Exclude<LinkVerdict, 'ok'>, LinkRule> = {
  broken: linkBroken,
  moved: linkMoved,
  unverified: linkUnverified,
};

const MESSAGE_START: Record<Exclude<LinkVerdict, 'ok'>, string> = {
  broken: 'Reference URL is broken',
  moved: 'Reference URL moved permanently',
  unverified: 'Reference URL could not be verified',
};

/** Returns the reference URL strings of every control in a document (a control or a catalogue), in document order. */
export function referenceUrls(doc: ParsedDocument): ReferenceUrl[] {
  const root = doc.root;
  const controls = root?.type === 'object' ? [root] : objectElements(root);
  const found: ReferenceUrl[] = [];
  for (const control of controls) {
    for (const reference of objectElements(valueOf(control, 'references'))) {
      const node = valueOf(reference, 'url');
      const url = stringValue(node);
      if (node && url !== undefined) found.push({ url, node });
    }
  }
  return found;
}

/**
 * Turns link results into findings on the reference URLs of a document. The
 * range is the URL between the quotes. `results` is keyed by the URL text, as
 * `checkLinks` returns it; URLs without a result, and links that work, get none.
 */
export function linkFindings(doc: ParsedDocument, results: ReadonlyMap<string, LinkResult>, options: LinkFindingOptions): Finding[] {
  const findings: Finding[] = [];
  for (const { url, node } of referenceUrls(doc)) {
    const result = results.get(url);
    if (!result || result.verdict === 'ok') continue;
    const rule = RULE_OF[result.verdict];
    const severity = effectiveSeverity(rule.meta, options.config, options.overrides);
    if (severity === 'off') continue;
    const offset = node.offset + 1;
    const length = Math.max(node.length - 2, 0);
    const finding: Finding = {
      rule: rule.meta.id,
      severity,
      message: `${MESSAGE_START[result.verdict]}: ${result.reason}`,
      range: doc.lines.rangeAt(offset, length),
      offset,
      length,
    };
    if (result.verdict === 'moved' && result.movedTo !== undefined) finding.fixes = [movedFix(node, url, result.movedTo)];
    findings.push(finding);
  }
  return findings;
}

// A Location without a fragment inherits the fragment of the original URL (RFC 7231, section 7.1.2).
function movedFix(node: Node, original: string, movedTo: string): Fix {
  const hash = original.indexOf('#');
  const target = movedTo.includes('#') || hash < 0 ? movedTo : `${movedTo}${original.slice(hash)}`;
  // Offered one at a time: a permanent redirect can also lead to a generic
  // landing page that replaced the cited one, so a person should look first.
  return { title: `Replace the URL with ${target}`, edits: [replaceString(node, target)], targets: [pathOf(node)], bulk: false };
}

const LABELS: Record<LinkVerdict, string> = {
  ok: 'Link works',
  moved: 'Link moved',
  broken: 'Link is broken',
  unverified: 'Link not verified',
};

/** Describes a link result in Markdown for a hover: verdict, reason, final URL, status and when it was checked. */
export function describeLinkResult(result: LinkResult): string {
  const lines = [`**${LABELS[result.verdict]}**: ${escapeMarkdown(result.reason)}`];
  if (result.finalUrl !== result.url) lines.push(`Final URL: <${result.finalUrl}>`);
  if (result.status !== undefined) lines.push(`Status: ${describeStatus(result.status)}`);
  const checked = new Date(result.checkedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  lines.push(`Checked: ${checked}${result.cached ? ' (cached)' : ''}`);
  return lines.join('  \n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}
