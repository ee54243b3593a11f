import type { Node } from 'jsonc-parser';
import { analyzeScript, type ScriptAnalysis } from '../template';
import { nodeAt } from '../tree';
import type { ControlContext } from './rule';

export interface ScriptTemplate {
  node: Node;
  analysis: ScriptAnalysis;
}

// The last script analysed and its analysis. The template rules run one after
// another on each control, so one entry serves all of them. A WeakMap keyed by
// node would keep every parse tree alive through V8's young-generation
// collections (V8 11.3, Node 20), which would move them to the old generation.
let lastScript: string | undefined;
let lastAnalysis: ScriptAnalysis | undefined;

/** Returns the control's script template with its analysis, reused while the script text is the same. */
export function scriptTemplateOf(context: ControlContext): ScriptTemplate | undefined {
  const node = nodeAt(context.node, ['remediation', 'scriptTemplate']);
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  if (lastAnalysis === undefined || node.value !== lastScript) {
    lastAnalysis = analyzeScript(node.value);
    lastScript = node.value;
  }
  return { node, analysis: lastAnalysis };
}
