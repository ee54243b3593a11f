import type { Range } from 'vscode-languageserver';
import { catalogueReport } from '../core/report';
import type { Config } from '../core/config';
import { newControlText } from '../core/new-control';
import { eachControl } from './navigation';
import type { ControlWorkspace } from './workspace';

/** Request for every indexed control, for the explorer's Controls view. */
export const CONTROLS_REQUEST = 'controlStudio/controls';
/** Request for a new control's id and text; the client writes the file. */
export const NEW_CONTROL_REQUEST = 'controlStudio/newControl';
/** Request for the catalogue overview as Markdown. */
export const REPORT_REQUEST = 'controlStudio/report';

export interface ControlItem {
  id: string;
  title: string;
  category: string;
  severity: string;
  frameworks: string[];
  uri: string;
  file: string;
  range: Range;
  errors: number;
  warnings: number;
  infos: number;
}

/** Lists the indexed controls with the count of findings inside each. */
export function listControls(workspace: ControlWorkspace): ControlItem[] {
  const items: ControlItem[] = [];
  for (const { entry, control } of eachControl(workspace)) {
    const findings = workspace.findings(entry).filter((finding) => inside(finding.range, control.range));
    items.push({
      id: control.id?.id ?? '',
      title: control.title ?? '',
      category: control.category ?? '',
      severity: control.severity ?? '',
      frameworks: control.frameworks,
      uri: entry.uri,
      file: entry.file,
      range: control.range,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
    });
  }
  return items.sort((a, b) => a.id.localeCompare(b.id));
}

function inside(range: Range, outer: Range): boolean {
  const { start } = range;
  if (start.line < outer.start.line || start.line > outer.end.line) return false;
  if (start.line === outer.start.line && start.character < outer.start.character) return false;
  return !(start.line === outer.end.line && start.character > outer.end.character);
}

export interface NewControlParams {
  category: string;
  title: string;
  severity: string;
  subject: string;
}

export interface NewControlResult {
  id: string;
  text: string;
}

/** Takes the next free id of the category and writes the control's text; undefined when the category is unknown or full. */
export function newControl(workspace: ControlWorkspace, config: Config, params: NewControlParams): NewControlResult | undefined {
  const code = Object.entries(config.categories).find(([, name]) => name === params.category)?.[0];
  const id = code ? workspace.nextFreeId(code, config.idPrefix) : undefined;
  if (!id) return undefined;
  return { id, text: newControlText({ id, ...params }, config) };
}

/** Writes the catalogue overview of the indexed files. */
export function report(workspace: ControlWorkspace, config: Config): string {
  const results = [...workspace.all()].map((entry) => ({ ...entry.result, findings: workspace.findings(entry) }));
  return catalogueReport(results, config);
}
