import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, inString } from './rule';
import { scriptTemplateOf } from './script';

export const templateLiveRemediation: ControlRule = {
  meta: {
    id: 'template-live-remediation',
    description: 'State-changing commands in a script template are commented out and never stand in the diagnostics part.',
    severity: 'warning',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const template = scriptTemplateOf(context);
    if (!template) return [];
    const { stateChanges, remediationStart } = template.analysis;
    const findings: RawFinding[] = [];
    for (const change of stateChanges) {
      if (change.commented) continue;
      const message =
        change.line < remediationStart
          ? `State-changing command ${change.command} in the diagnostics part, which must be read-only`
          : `State-changing command ${change.command} is live in the remediation part; comment it out so that running the template changes nothing by default`;
      const end = change.offset + change.length;
      findings.push(inString(context, template.node, change.offset, end, 'template-live-remediation', message));
    }
    return findings;
  },
};
