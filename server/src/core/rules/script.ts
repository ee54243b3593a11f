import type { Node } from 'jsonc-parser';
import { analyzeTemplate, type TemplateAnalysis } from '../template';
import { nodeAt } from '../tree';
import type { ControlContext } from './rule';

export interface ScriptTemplate {
  node: Node;
  analysis: TemplateAnalysis;
}

const analyses = new WeakMap<Node, TemplateAnalysis>();

/** Returns the control's script template with its analysis, computed once per node. */
export function scriptTemplateOf(context: ControlContext): ScriptTemplate | undefined {
  const node = nodeAt(context.node, ['remediation', 'scriptTemplate']);
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  let analysis = analyses.get(node);
  if (!analysis) {
    analysis = analyzeTemplate(node.value);
    analyses.set(node, analysis);
  }
  return { node, analysis };
}
