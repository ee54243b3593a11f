import type { RawFinding } from '../types';
import { proseFields } from './prose';
import { type ControlContext, type ControlRule, onNode } from './rule';

export const requirementKeyword: ControlRule = {
  meta: {
    id: 'requirement-keyword',
    description: 'A description must state its requirement with MUST or SHOULD.',
    severity: 'info',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const [field] = proseFields(context, [['description']]);
    // The schema's minLength reports an empty description, but not one of only spaces.
    if (!field || field.text === '' || /\b(?:MUST|SHOULD)\b/.test(field.text)) return [];
    return [onNode(field.node, 'requirement-keyword', 'Description states no requirement; say what MUST or SHOULD hold')];
  },
};
