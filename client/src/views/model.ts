// Grouping and labels of the Controls view. Pure functions without the vscode
// module, so that unit tests run them under plain Node.js.
import type { ControlItem } from './protocol';

/** Property by which the Controls view groups its controls. */
export type GroupBy = 'category' | 'framework' | 'severity';

export const GROUP_BY_VALUES: readonly GroupBy[] = ['category', 'framework', 'severity'];

/** One top-level node of the Controls view and the controls under it, sorted by id. */
export interface ControlGroup {
  /** Unique within one grouping, also for the placeholder groups. */
  key: string;
  label: string;
  controls: ControlItem[];
}

/** Severities in the order of the view, most severe first. */
export const SEVERITY_ORDER: readonly string[] = ['Critical', 'High', 'Medium', 'Low'];

/** Codicon id and theme color id of the icon that marks a control's severity. */
export interface SeverityIcon {
  icon: string;
  color: string | undefined;
}

// Each severity has its own shape as well as its own color, so that the icons
// stay apart in high-contrast themes and for readers who do not see the color.
const SEVERITY_ICONS: Readonly<Record<string, SeverityIcon>> = {
  Critical: { icon: 'flame', color: 'charts.red' },
  High: { icon: 'arrow-up', color: 'charts.orange' },
  Medium: { icon: 'arrow-right', color: 'charts.yellow' },
  Low: { icon: 'arrow-down', color: 'charts.blue' },
};

const UNKNOWN_SEVERITY_ICON: SeverityIcon = { icon: 'question', color: undefined };

const NO_VALUE_LABELS: Readonly<Record<GroupBy, string>> = {
  category: '(no category)',
  framework: '(no framework)',
  severity: '(no severity)',
};

/** Returns the icon of a severity. An unknown or missing severity gets a question mark without color. */
export function severityIcon(severity: string): SeverityIcon {
  return SEVERITY_ICONS[severity] ?? UNKNOWN_SEVERITY_ICON;
}

/**
 * Groups controls by one property. A control appears under each of its
 * frameworks, and under a "(no …)" group when the property is missing. Groups
 * without controls are left out.
 */
export function groupControls(items: readonly ControlItem[], groupBy: GroupBy): ControlGroup[] {
  const byLabel = new Map<string, ControlItem[]>();
  for (const item of items) {
    for (const label of groupLabels(item, groupBy)) {
      const controls = byLabel.get(label) ?? [];
      controls.push(item);
      byLabel.set(label, controls);
    }
  }
  const labels = [...byLabel.keys()].sort((a, b) => compareGroupLabels(a, b, groupBy));
  return labels.map((label) => ({
    key: `${groupBy}:${label}`,
    label,
    controls: (byLabel.get(label) ?? []).sort(compareControls),
  }));
}

function groupLabels(item: ControlItem, groupBy: GroupBy): string[] {
  const values = groupBy === 'framework' ? [...new Set(item.frameworks)] : [item[groupBy]];
  const present = values.filter((value) => value.trim() !== '');
  return present.length > 0 ? present : [NO_VALUE_LABELS[groupBy]];
}

// Severities keep their rank, other labels sort alphabetically, and the
// "(no …)" group comes last.
function compareGroupLabels(a: string, b: string, groupBy: GroupBy): number {
  const noValue = NO_VALUE_LABELS[groupBy];
  if (a === noValue || b === noValue) {
    return Number(a === noValue) - Number(b === noValue);
  }
  if (groupBy === 'severity') {
    const rankA = rankOf(a);
    const rankB = rankOf(b);
    if (rankA !== rankB) {
      return rankA - rankB;
    }
  }
  return a.localeCompare(b, 'en');
}

function rankOf(severity: string): number {
  const rank = SEVERITY_ORDER.indexOf(severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

// By id, then by place, so that two controls with one id keep a stable order.
function compareControls(a: ControlItem, b: ControlItem): number {
  return (
    a.id.localeCompare(b.id, 'en', { numeric: true }) ||
    a.file.localeCompare(b.file, 'en') ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character
  );
}

/** Returns the label of a control: its id, or "(no id)". The title goes into the description. */
export function controlLabel(item: ControlItem): string {
  return item.id === '' ? '(no id)' : item.id;
}

function controlHeading(item: ControlItem): string {
  return item.title === '' ? controlLabel(item) : `${controlLabel(item)}: ${item.title}`;
}

/** Badge, theme color id and tooltip that mark the errors and warnings of a control or group. */
export interface FindingDecoration {
  badge: string;
  color: string;
  tooltip: string;
}

/**
 * Returns the decoration for errors and warnings, in the style of the
 * explorer's problem badges (VS Code 1.139): the count up to 9, then "9+",
 * in the error color when there is an error. Undefined when there are none.
 */
export function findingDecoration(counts: Pick<ControlItem, 'errors' | 'warnings'>): FindingDecoration | undefined {
  const total = counts.errors + counts.warnings;
  if (total === 0) {
    return undefined;
  }
  return {
    badge: total < 10 ? String(total) : '9+',
    color: counts.errors > 0 ? 'list.errorForeground' : 'list.warningForeground',
    tooltip: findingSummary(counts),
  };
}

/** Returns the errors and warnings of a group's controls, summed. */
export function groupCounts(group: ControlGroup): Pick<ControlItem, 'errors' | 'warnings'> {
  return {
    errors: group.controls.reduce((sum, item) => sum + item.errors, 0),
    warnings: group.controls.reduce((sum, item) => sum + item.warnings, 0),
  };
}

/** Returns the errors and warnings in words, e.g. "2 errors, 1 warning", or "" when there are none. */
export function findingSummary(counts: Pick<ControlItem, 'errors' | 'warnings'>): string {
  const parts: string[] = [];
  if (counts.errors > 0) {
    parts.push(countOf(counts.errors, 'error'));
  }
  if (counts.warnings > 0) {
    parts.push(countOf(counts.warnings, 'warning'));
  }
  return parts.join(', ');
}

/** Returns the description of a group: its number of controls and their errors and warnings. */
export function groupDescription(group: ControlGroup): string {
  const findings = findingSummary(groupCounts(group));
  const controls = countOf(group.controls.length, 'control');
  return findings === '' ? controls : `${controls} · ${findings}`;
}

/** Returns the tooltip of a control: its fields, its place and its findings of every severity. */
export function controlTooltip(item: ControlItem): string {
  const counts: Array<[number, string]> = [
    [item.errors, 'error'],
    [item.warnings, 'warning'],
    [item.infos, 'info'],
  ];
  const findings = counts.filter(([count]) => count > 0).map(([count, noun]) => countOf(count, noun));
  return [
    controlHeading(item),
    `Severity: ${item.severity || '(none)'} · Category: ${item.category || '(none)'}`,
    `Frameworks: ${item.frameworks.length > 0 ? item.frameworks.join(', ') : '(none)'}`,
    `${item.file}, line ${item.range.start.line + 1}`,
    `Findings: ${findings.length === 0 ? 'none' : findings.join(', ')}`,
  ].join('\n');
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Returns the setting's value when it names a grouping, else "category". */
export function parseGroupBy(value: unknown): GroupBy {
  return GROUP_BY_VALUES.find((groupBy) => groupBy === value) ?? 'category';
}
