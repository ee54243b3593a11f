import { pathOf, replaceNode, replaceString } from '../edits';
import { valueOf } from '../tree';
import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';

/** Weight range of each severity, inclusive. */
export const SEVERITY_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  Critical: [9, 10],
  High: [7, 8],
  Medium: [4, 6],
  Low: [1, 3],
};

/** Returns the severity whose range contains the weight. */
export function severityForWeight(weight: number): string | undefined {
  return Object.keys(SEVERITY_RANGES).find((name) => {
    const [low, high] = SEVERITY_RANGES[name] as readonly [number, number];
    return weight >= low && weight <= high;
  });
}

export const severityWeight: ControlRule = {
  meta: {
    id: 'severity-weight',
    description: 'severityWeight must lie in the range of the severity: Critical 9-10, High 7-8, Medium 4-6, Low 1-3.',
    severity: 'error',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const { severity, severityWeight: weight } = context.value;
    const range = typeof severity === 'string' ? SEVERITY_RANGES[severity] : undefined;
    const weightNode = valueOf(context.node, 'severityWeight');
    if (!range || !weightNode || typeof weight !== 'number' || !Number.isInteger(weight)) return [];
    if (weight >= range[0] && weight <= range[1]) return [];
    const holder = severityForWeight(weight);
    const other = holder ? `; ${weight} is in the ${holder} range ${rangeText(holder)}` : '';
    const message = `severityWeight ${weight} is outside the ${severity} range ${range[0]}-${range[1]}${other}`;
    const finding = onNode(weightNode, 'severity-weight', message);
    if (!context.includeFixes) return [finding];
    const nearest = weight < range[0] ? range[0] : range[1];
    const weightPath = pathOf(weightNode);
    finding.fixes = [
      { title: `Change severityWeight to ${nearest}`, edits: [replaceNode(weightNode, String(nearest))], targets: [weightPath], preferred: true },
    ];
    const severityNode = valueOf(context.node, 'severity');
    if (holder && severityNode) {
      const edit = replaceString(severityNode, holder);
      finding.fixes.push({ title: `Change severity to ${holder}`, edits: [edit], targets: [pathOf(severityNode)] });
    }
    return [finding];
  },
};

function rangeText(severity: string): string {
  const range = SEVERITY_RANGES[severity] as readonly [number, number];
  return `${range[0]}-${range[1]}`;
}
