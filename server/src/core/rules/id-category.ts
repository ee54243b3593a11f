import { pathOf, replaceString } from '../edits';
import { valueOf } from '../tree';
import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, inString } from './rule';

// Compiled once per id prefix rather than for every control.
const idPatterns = new Map<string, RegExp>();

function idPatternFor(prefix: string): RegExp {
  let pattern = idPatterns.get(prefix);
  if (!pattern) {
    pattern = new RegExp(`^${prefix}-([A-Z][A-Z0-9]*)-\\d{3}$`);
    idPatterns.set(prefix, pattern);
  }
  return pattern;
}

export const idCategory: ControlRule = {
  meta: {
    id: 'id-category',
    description: 'The code in the control id must name the control\'s category.',
    severity: 'error',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const { id, category } = context.value;
    const idNode = valueOf(context.node, 'id');
    if (typeof id !== 'string' || typeof category !== 'string' || !idNode) return [];
    const match = idPatternFor(context.config.idPrefix).exec(id);
    const code = match?.[1];
    if (!code) return [];
    const named = context.config.categories[code];
    if (!named || named === category) return [];
    const expected = Object.entries(context.config.categories).find(([, name]) => name === category)?.[0];
    const hint = expected ? ` (category "${category}" has code ${expected})` : '';
    const start = context.config.idPrefix.length + 1;
    const message = `Id code ${code} means category "${named}", but the category is "${category}"${hint}`;
    const finding = inString(context, idNode, start, start + code.length, 'id-category', message);
    if (!context.includeFixes) return [finding];
    const categoryNode = valueOf(context.node, 'category');
    finding.fixes = [];
    if (categoryNode) {
      const edit = replaceString(categoryNode, named);
      finding.fixes.push({ title: `Change the category to ${named}`, edits: [edit], targets: [pathOf(categoryNode)], preferred: true });
    }
    const renumbered = expected ? context.nextFreeId?.(expected) : undefined;
    if (renumbered) {
      finding.fixes.push({ title: `Renumber the id to ${renumbered}`, edits: [replaceString(idNode, renumbered)], targets: [pathOf(idNode)] });
    }
    return [finding];
  },
};
