import { type Hover, MarkupKind } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Config } from '../core/config';
import { parseDocument } from '../core/parse';
import { SEVERITY_RANGES } from '../core/rules/severity-weight';
import { stringValue, valueOf } from '../core/tree';
import { contextAt, type PositionContext } from './context';
import { controlsWithId, eachControl, idAt } from './navigation';
import { propertySchema } from './schema-info';
import type { ControlWorkspace, Entry } from './workspace';

export interface HoverContext {
  document: TextDocument;
  entry: Entry;
  workspace: ControlWorkspace;
  config: Config;
  /** Returns the last link-check result of a URL as Markdown, when links are checked. */
  linkStatus?: (url: string) => string | undefined;
}

/** Builds the hover for a position: cited controls, weights, frameworks, link results or the schema text. */
export function hover(context: HoverContext, offset: number): Hover | null {
  const position = context.document.positionAt(offset);
  const cited = idAt(context.entry, position);
  if (cited && !cited.declaration) return markdown(citedControl(context.workspace, cited.id));
  const at = contextAt(parseDocument(context.document.getText()), offset);
  const key = at.path[at.path.length - 1];
  if (key === 'severityWeight') return markdown(weightTable(at));
  if (at.path[0] === 'frameworks' && typeof key === 'number' && at.node?.type === 'string') {
    return markdown(frameworkSummary(context, String(at.node.value)));
  }
  if (key === 'url' && at.node?.type === 'string' && !at.location.isAtPropertyKey) {
    const status = context.linkStatus?.(String(at.node.value));
    if (status) return markdown(status);
  }
  const schema = propertySchema(at.path);
  const text = schema?.markdownDescription ?? schema?.description;
  return text && at.path.length > 0 ? markdown(text) : null;
}

function markdown(value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value } };
}

function citedControl(workspace: ControlWorkspace, id: string): string {
  const found = controlsWithId(workspace, id);
  if (found.length === 0) return `**${id}**: no control with this id in the workspace.`;
  return found
    .map(({ entry, control }) => {
      const severity = control.severity ? ` · ${control.severity}${control.severityWeight === undefined ? '' : ` (${control.severityWeight})`}` : '';
      return `**${control.id?.id}** · ${control.title ?? '(no title)'}${severity}\n\n${entry.file}`;
    })
    .join('\n\n---\n\n');
}

// The calibration table with the control's own severity and weight marked.
function weightTable(at: PositionContext): string {
  const severity = at.control ? stringValue(valueOf(at.control, 'severity')) : undefined;
  const weight = at.control ? valueOf(at.control, 'severityWeight')?.value : undefined;
  const rows = Object.entries(SEVERITY_RANGES).map(([name, [low, high]]) => {
    const holds = typeof weight === 'number' && weight >= low && weight <= high;
    const mark = name === severity ? ' ← severity' : '';
    const weightMark = holds ? ` ← weight ${weight}` : '';
    return `| ${name === severity ? `**${name}**` : name} | ${low}–${high} |${mark}${weightMark} |`;
  });
  return ['Severity calibration:', '', '| severity | weight | this control |', '|---|---|---|', ...rows].join('\n');
}

function frameworkSummary(context: HoverContext, framework: string): string {
  let count = 0;
  for (const { control } of eachControl(context.workspace)) if (control.frameworks.includes(framework)) count++;
  const hosts = context.config.frameworkHosts[framework];
  const publisher = hosts?.length ? `Publisher hosts: ${hosts.join(', ')}.` : 'Needs no particular reference.';
  return `**${framework}** is listed by ${count} control${count === 1 ? '' : 's'} in the workspace. ${publisher}`;
}
