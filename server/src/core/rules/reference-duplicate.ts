import { pathOf, removeChild } from '../edits';
import { stringValue, valueOf } from '../tree';
import type { Fix, RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';

export const referenceDuplicate: ControlRule = {
  meta: {
    id: 'reference-duplicate',
    description: 'A control must not cite the same URL twice.',
    severity: 'warning',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const seen = new Map<string, number>();
    const findings: RawFinding[] = [];
    const references = valueOf(context.node, 'references');
    (references?.children ?? []).forEach((reference, index) => {
      const node = valueOf(reference, 'url');
      const url = stringValue(node)?.trim();
      if (!node || !url || !references) return;
      const first = seen.get(url);
      if (first === undefined) {
        seen.set(url, index);
        return;
      }
      const finding = onNode(node, 'reference-duplicate', `URL already cited in references[${first}]`);
      findings.push(finding);
      if (!context.includeFixes) return;
      const edit = removeChild(references, reference);
      // Bulk removal only drops exact copies; a repeat under another name may carry a distinct citation.
      const sameName = stringValue(valueOf(references.children?.[first], 'name')) === stringValue(valueOf(reference, 'name'));
      const fix: Fix = { title: `Remove references[${index}]`, edits: [edit], targets: [pathOf(references)] };
      if (sameName) fix.preferred = true;
      finding.fixes = [fix];
    });
    return findings;
  },
};
