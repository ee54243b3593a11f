import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';
import { scriptTemplateOf } from './script';

export const templateSections: ControlRule = {
  meta: {
    id: 'template-sections',
    description: 'A script template labels its read-only diagnostics part and its remediation part.',
    severity: 'info',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const template = scriptTemplateOf(context);
    if (!template || template.node.value === '') return [];
    const { diagnosticsHeader, remediationHeader } = template.analysis;
    if (diagnosticsHeader && remediationHeader) return [];
    const missing = [diagnosticsHeader ? '' : '# === DIAGNOSTICS ===', remediationHeader ? '' : '# === REMEDIATION ==='];
    const message = `Script template has no ${missing.filter(Boolean).join(' or ')} header; label its read-only and state-changing parts`;
    return [onNode(template.node, 'template-sections', message)];
  },
};
