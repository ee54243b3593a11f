import type { Node } from 'jsonc-parser';
import { appendChild, pathOf, removeChild } from '../edits';
import { objectElements, stringValue, valueOf } from '../tree';
import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';

/** Returns the URL's host name in lower case, or undefined when the text is not an absolute URL. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/** Returns the framework whose publisher hosts include the host or a parent domain of it. */
export function frameworkForHost(host: string, table: Record<string, string[]>): string | undefined {
  for (const [framework, hosts] of Object.entries(table)) {
    if (hosts.some((entry) => host === entry || host.endsWith(`.${entry}`))) return framework;
  }
  return undefined;
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
    const backed = new Map<string, Node>();
    for (const reference of objectElements(valueOf(context.node, 'references'))) {
      const urlNode = valueOf(reference, 'url');
      const host = hostOf(stringValue(urlNode) ?? '');
      const framework = host ? frameworkForHost(host, table) : undefined;
      if (framework && urlNode && !backed.has(framework)) backed.set(framework, urlNode);
    }
    const frameworks = valueOf(context.node, 'frameworks');
    const listedNodes = frameworks?.children ?? [];
    const listed = new Set(listedNodes.map((node) => stringValue(node)));
    const findings = listedNodes.flatMap((node) => unbacked(node, backed, table, context.includeFixes));
    for (const [framework, urlNode] of backed) {
      if (listed.has(framework)) continue;
      const host = hostOf(stringValue(urlNode) ?? '');
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

function unbacked(node: Node, backed: Map<string, Node>, table: Record<string, string[]>, includeFixes: boolean): RawFinding[] {
  const framework = stringValue(node);
  const hosts = framework ? table[framework] : undefined;
  if (!framework || !hosts || hosts.length === 0 || backed.has(framework)) return [];
  const message = `Framework "${framework}" has no reference to its publisher (${hosts.join(', ')})`;
  const finding = onNode(node, 'framework-reference', message);
  const frameworks = node.parent;
  // Offered, not preferred: the missing reference is the likelier mistake.
  if (includeFixes && frameworks) finding.fixes = [{ title: `Remove ${framework} from frameworks`, edits: [removeChild(frameworks, node)], targets: [pathOf(frameworks)] }];
  return [finding];
}
