import { validateControl } from '../schema';
import type { RawFinding } from '../types';
import type { ControlContext, ControlRule } from './rule';

export const schema: ControlRule = {
  meta: {
    id: 'schema',
    description: 'Each control must match the control JSON schema: required properties, types, enums, patterns.',
    severity: 'error',
    fixable: true,
    kind: 'schema',
  },
  check(context: ControlContext): RawFinding[] {
    return validateControl(context.doc.text, context.node, context.value, context.config, context.includeFixes);
  },
};
