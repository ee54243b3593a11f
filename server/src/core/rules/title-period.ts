import { pathOf } from '../edits';
import { valueOf } from '../tree';
import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, inString } from './rule';

const ABBREVIATIONS = new Set(['etc.', 'inc.', 'ltd.', 'e.g.', 'i.e.', 'vs.', 'approx.']);

// "U.S." or "etc." end with the period of an abbreviation, not of a sentence.
function endsWithAbbreviation(title: string): boolean {
  const last = title.trimEnd().split(/\s+/).pop() ?? '';
  return ABBREVIATIONS.has(last.toLowerCase()) || /\.[^.\s]+\.$/.test(last);
}

export const titlePeriod: ControlRule = {
  meta: {
    id: 'title-period',
    description: 'A title is a noun phrase and must not end with a period.',
    severity: 'warning',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const title = context.value.title;
    const node = valueOf(context.node, 'title');
    if (typeof title !== 'string' || !node || !/[^.]\.$/.test(title.trimEnd()) || endsWithAbbreviation(title)) return [];
    const at = title.trimEnd().length - 1;
    const finding = inString(context, node, at, at + 1, 'title-period', 'Title ends with a period; titles are noun phrases without one');
    if (!context.includeFixes) return [finding];
    const edit = { offset: finding.offset, length: finding.length, newText: '' };
    finding.fixes = [{ title: 'Remove the period', edits: [edit], targets: [pathOf(node)], preferred: true }];
    return [finding];
  },
};
