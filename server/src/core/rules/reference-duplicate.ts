import { stringValue, valueOf } from '../tree';
import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';

export const referenceDuplicate: ControlRule = {
  meta: {
    id: 'reference-duplicate',
    description: 'A control must not cite the same URL twice.',
    severity: 'warning',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const seen = new Map<string, number>();
    const findings: RawFinding[] = [];
    (valueOf(context.node, 'references')?.children ?? []).forEach((reference, index) => {
      const node = valueOf(reference, 'url');
      const url = stringValue(node)?.trim();
      if (!node || !url) return;
      const first = seen.get(url);
      if (first === undefined) seen.set(url, index);
      else findings.push(onNode(node, 'reference-duplicate', `URL already cited in references[${first}]`));
    });
    return findings;
  },
};
