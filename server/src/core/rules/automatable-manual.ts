import { nodeAt } from '../tree';
import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';
import { scriptTemplateOf } from './script';

export const automatableManual: ControlRule = {
  meta: {
    id: 'automatable-manual',
    description: 'remediation.automatable must be false when the script template states a manual step (# NOTE:).',
    severity: 'warning',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const flag = nodeAt(context.node, ['remediation', 'automatable']);
    const template = scriptTemplateOf(context);
    if (flag?.value !== true || !template) return [];
    const [note] = template.analysis.notes;
    if (note === undefined) return [];
    const line = template.analysis.lines[note]?.text.trim() ?? '';
    const message = `automatable is true, but script line ${note + 1} states a manual step: "${line}"`;
    return [onNode(flag, 'automatable-manual', message)];
  },
};
