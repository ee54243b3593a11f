import type { Node } from 'jsonc-parser';
import {
  type CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Config } from '../core/config';
import { parseDocument } from '../core/parse';
import { SEVERITY_RANGES } from '../core/rules/severity-weight';
import { stringValue, valueOf } from '../core/tree';
import { contextAt, type PositionContext } from './context';
import { controlLabel, eachControl } from './navigation';
import { enumValues } from './schema-info';
import type { ControlWorkspace } from './workspace';

export interface CompletionContext {
  document: TextDocument;
  workspace: ControlWorkspace;
  config: Config;
}

const PROSE = new Set(['title', 'description', 'considerations']);

/** Builds completion items for the position: enum values, weights, ids, reference snippets, cited ids. */
export function completions(context: CompletionContext, offset: number): CompletionItem[] {
  const doc = parseDocument(context.document.getText());
  const at = contextAt(doc, offset);
  if (at.location.isAtPropertyKey) return [];
  const key = at.path[at.path.length - 1];
  const parentKey = at.path[at.path.length - 2];
  if (at.node?.type === 'string' && isProse(at.path)) return citedIds(context, at.node, offset);
  if (key === 'severityWeight') return weights(context, at);
  if (key === 'id' && at.path.length === 1) return nextIds(context, at);
  if (parentKey === 'references' && typeof key === 'number' && at.node === undefined) return REFERENCE_SNIPPETS;
  if (typeof key === 'string' || typeof key === 'number') return enumItems(context, at);
  return [];
}

function isProse(path: Array<string | number>): boolean {
  const [first, second] = path;
  return (path.length === 1 && PROSE.has(String(first))) || (first === 'remediation' && second === 'description');
}

// The range a value item replaces: the string or number under the cursor, or nothing.
function valueRange(context: CompletionContext, node: Node | undefined, offset: number): Range {
  if (node && (node.type === 'string' || node.type === 'number') && offset >= node.offset && offset <= node.offset + node.length) {
    return { start: context.document.positionAt(node.offset), end: context.document.positionAt(node.offset + node.length) };
  }
  const position = context.document.positionAt(offset);
  return { start: position, end: position };
}

function enumItems(context: CompletionContext, at: PositionContext): CompletionItem[] {
  const values = enumValues(at.path);
  if (values.length === 0) return [];
  const listed = new Set(
    typeof at.path[at.path.length - 1] === 'number'
      ? (at.control && valueOf(at.control, String(at.path[at.path.length - 2])))?.children?.map((child) => stringValue(child)) ?? []
      : [],
  );
  const range = valueRange(context, at.node, at.offset);
  return values
    .filter(({ value }) => !listed.has(value) || stringValue(at.node) === value)
    .map(({ value, description }, index) => ({
      label: value,
      kind: CompletionItemKind.EnumMember,
      ...(description ? { documentation: description } : {}),
      sortText: String(index).padStart(3, '0'),
      filterText: `"${value}"`,
      textEdit: { range, newText: JSON.stringify(value) },
    }));
}

function weights(context: CompletionContext, at: PositionContext): CompletionItem[] {
  const severity = at.control ? stringValue(valueOf(at.control, 'severity')) : undefined;
  const range = severity ? SEVERITY_RANGES[severity] : undefined;
  if (!range) return [];
  const items: CompletionItem[] = [];
  for (let weight = range[0]; weight <= range[1]; weight++) {
    items.push({
      label: String(weight),
      kind: CompletionItemKind.Value,
      detail: `${severity} weights are ${range[0]} to ${range[1]}`,
      textEdit: { range: valueRange(context, at.node, at.offset), newText: String(weight) },
    });
  }
  return items;
}

function nextIds(context: CompletionContext, at: PositionContext): CompletionItem[] {
  const category = at.control ? stringValue(valueOf(at.control, 'category')) : undefined;
  const code = Object.entries(context.config.categories).find(([, name]) => name === category)?.[0];
  const next = code ? context.workspace.nextFreeId(code, context.config.idPrefix) : undefined;
  if (!next) return [];
  return [
    {
      label: next,
      kind: CompletionItemKind.Value,
      detail: `Next free id for ${category}`,
      filterText: `"${next}"`,
      textEdit: { range: valueRange(context, at.node, at.offset), newText: JSON.stringify(next) },
    },
  ];
}

// Completes a partly typed id such as "EDCA-SE" inside prose to the ids in the workspace.
function citedIds(context: CompletionContext, node: Node, offset: number): CompletionItem[] {
  const text = context.document.getText();
  const before = text.slice(node.offset + 1, offset);
  const prefix = new RegExp(`${context.config.idPrefix}-[A-Z0-9]*-?\\d*$`).exec(before)?.[0];
  if (!prefix) return [];
  const start = context.document.positionAt(offset - prefix.length);
  const end = context.document.positionAt(offset);
  const items: CompletionItem[] = [];
  for (const { control } of eachControl(context.workspace)) {
    if (!control.id) continue;
    items.push({
      label: control.id.id,
      kind: CompletionItemKind.Reference,
      detail: control.title ?? '',
      documentation: controlLabel(control),
      textEdit: { range: { start, end }, newText: control.id.id },
    });
  }
  return items.sort((a, b) => a.label.localeCompare(b.label));
}

function snippet(label: string, detail: string, name: string, url: string): CompletionItem {
  return {
    label,
    kind: CompletionItemKind.Snippet,
    detail,
    insertTextFormat: InsertTextFormat.Snippet,
    insertText: `{\n\t"name": "${name}",\n\t"url": "${url}"\n}`,
  };
}

/** Reference objects following the naming convention of each kind of source. */
export const REFERENCE_SNIPPETS: CompletionItem[] = [
  snippet('RFC reference', 'RFC <n> - <title>', 'RFC ${1:8446} - ${2:title}', 'https://www.rfc-editor.org/rfc/rfc${1}'),
  snippet(
    'BSI reference',
    'BSI IT-Grundschutz Kompendium <year> - <req id>: <title> (<tier>)',
    'BSI IT-Grundschutz Kompendium ${1:2023} - ${2:APP.5.2.A1}: ${3:title} (${4:B})',
    'https://www.bsi.bund.de/${5:path}?__blob=publicationFile',
  ),
  snippet('CIS reference', 'CIS <section> (<level>): <text>', 'CIS ${1:1.1} (${2:L1}): ${3:text}', 'https://www.cisecurity.org/benchmark/${4:microsoft_exchange_server}'),
  snippet(
    'DISA STIG reference',
    'DISA STIG <product> <STIG id>: <text> (<V-id>)',
    'DISA STIG ${1:Exchange 2019 Mailbox Server} ${2:EX19-MB-000001}: ${3:text} (${4:V-000000})',
    'https://www.stigviewer.com/stig/${5:path}',
  ),
  snippet('CISA BOD reference', 'CISA BOD <n> (<year>): <title> - <section>', 'CISA BOD ${1:18-01} (${2:2017}): ${3:title} - ${4:section}', 'https://www.cisa.gov/${5:path}'),
  snippet('Microsoft Learn reference', '<title> on learn.microsoft.com', '${1:title}', 'https://learn.microsoft.com/${2:en-us/exchange/}'),
];
