import type { Node } from 'jsonc-parser';
import { appendChild, pathOf, removeChild } from '../edits';
import { stringValue, valueOf } from '../tree';
import type { RawFinding } from '../types';
import { referenceUrls, type UrlParts } from './reference-urls';
import { type ControlContext, type ControlRule, onNode } from './rule';

// Returns the URL's host name in lower case, or undefined when it has none.
function hostOf(parts: UrlParts | undefined): string | undefined {
  return parts?.hostname.toLowerCase() || undefined;
}

// Each host entry of a table, with the position of the first framework that
// lists it. The table is read from the configuration for every reference, so
// it is indexed once per table. No code modifies a configuration's table after
// it is resolved.
const hostIndexes = new WeakMap<Record<string, string[]>, Map<string, { position: number; framework: string }>>();

function hostIndexFor(table: Record<string, string[]>): Map<string, { position: number; framework: string }> {
  let index = hostIndexes.get(table);
  if (index) return index;
  index = new Map();
  let position = 0;
  for (const [framework, hosts] of Object.entries(table)) {
    for (const entry of hosts) if (!index.has(entry)) index.set(entry, { position, framework });
    position++;
  }
  hostIndexes.set(table, index);
  return index;
}

/**
 * Returns the framework whose publisher hosts include the host or a parent
 * domain of it. When several do, the one listed first in the table wins.
 */
export function frameworkForHost(host: string, table: Record<string, string[]>): string | undefined {
  const index = hostIndexFor(table);
  // The host itself, then what follows each of its dots: "a.b.c", "b.c", "c".
  let found = index.get(host);
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
    const parent = index.get(host.slice(dot + 1));
    if (parent && (!found || parent.position < found.position)) found = parent;
  }
  return found?.framework;
}

export const frameworkReference: ControlRule = {
  meta: {
    id: 'framework-reference',
    description: 'Each framework needs a reference to its publisher, and a publisher\'s reference needs its framework.',
    severity: 'warning',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const table = context.config.frameworkHosts;
    const backed = new Map<string, { node: Node; host: string }>();
    for (const reference of referenceUrls(context)) {
      const host = hostOf(reference.parts);
      const framework = host ? frameworkForHost(host, table) : undefined;
      if (framework && host && reference.node && !backed.has(framework)) backed.set(framework, { node: reference.node, host });
    }
    const frameworks = valueOf(context.node, 'frameworks');
    const listedNodes = frameworks?.children ?? [];
    const listed = new Set(listedNodes.map((node) => stringValue(node)));
    const findings = listedNodes.flatMap((node) => unbacked(node, backed, table, context.includeFixes));
    for (const [framework, { node: urlNode, host }] of backed) {
      if (listed.has(framework)) continue;
      const message = `A reference to ${host} implies framework "${framework}", which frameworks does not list`;
      const finding = onNode(urlNode, 'framework-reference', message);
      if (context.includeFixes && frameworks?.type === 'array') {
        const edit = appendChild(context.doc.text, frameworks, JSON.stringify(framework));
        finding.fixes = [{ title: `Add ${framework} to frameworks`, edits: [edit], targets: [pathOf(frameworks)], preferred: true }];
      }
      findings.push(finding);
    }
    return findings.sort((a, b) => a.offset - b.offset);
  },
};

function unbacked(node: Node, backed: ReadonlyMap<string, unknown>, table: Record<string, string[]>, includeFixes: boolean): RawFinding[] {
  const framework = stringValue(node);
  const hosts = framework ? table[framework] : undefined;
  if (!framework || !hosts || hosts.length === 0 || backed.has(framework)) return [];
  const message = `Framework "${framework}" has no reference to its publisher (${hosts.join(', ')})`;
  const finding = onNode(node, 'framework-reference', message);
  const frameworks = node.parent;
  // Offered, not preferred: the missing reference is the likelier mistake.
  if (includeFixes && frameworks) {
    const edit = removeChild(frameworks, node);
    finding.fixes = [{ title: `Remove ${framework} from frameworks`, edits: [edit], targets: [pathOf(frameworks)] }];
  }
  return [finding];
}
