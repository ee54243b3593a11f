import type { RawFinding } from '../types';
import { proseFields } from './prose';
import { type ControlContext, type ControlRule, inString } from './rule';

const MODAL = /\b(?:MAY|MIGHT|COULD)\b/g;

export const modalVerbs: ControlRule = {
  meta: {
    id: 'modal-verbs',
    description: 'A description states requirements with MUST, MUST NOT or SHOULD, never MAY, MIGHT or COULD.',
    severity: 'warning',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const findings: RawFinding[] = [];
    for (const field of proseFields(context, [['description']])) {
      for (const match of field.text.matchAll(MODAL)) {
        const start = match.index ?? 0;
        const message = `"${match[0]}" is not a requirement keyword; use MUST, MUST NOT or SHOULD`;
        findings.push(inString(context, field.node, start, start + match[0].length, 'modal-verbs', message));
      }
    }
    return findings;
  },
};
