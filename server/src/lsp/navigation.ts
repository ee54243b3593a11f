import {
  type DocumentSymbol,
  type Location,
  type Position,
  type Range,
  ResponseError,
  ErrorCodes,
  SymbolKind,
  type TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceSymbol,
  type RenameFile,
} from 'vscode-languageserver';
import type { Config } from '../core/config';
import type { ControlSummary, IdOccurrence } from '../core/rules/rule';
import type { ControlWorkspace, Entry } from './workspace';

/** A control id under the cursor: the control's own id or a citation in its text. */
export interface IdAtPosition {
  id: string;
  /** The id's characters, without the quotes of an `id` value. */
  range: Range;
  declaration: boolean;
}

function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** Returns the range of an `id` value's characters, inside its quotes. */
export function innerRange(occurrence: IdOccurrence): Range {
  const { start, end } = occurrence.range;
  return { start: { line: start.line, character: start.character + 1 }, end: { line: end.line, character: end.character - 1 } };
}

/** Finds the control id at a position of an indexed file. */
export function idAt(entry: Entry, position: Position): IdAtPosition | undefined {
  for (const control of entry.result.controls) {
    if (control.id && contains(control.id.range, position)) {
      return { id: control.id.id, range: innerRange(control.id), declaration: true };
    }
    const citation = control.citations.find((c) => contains(c.range, position));
    if (citation) return { id: citation.id, range: citation.range, declaration: false };
  }
  return undefined;
}

/** Yields every indexed control with the entry that contains it. */
export function* eachControl(workspace: ControlWorkspace): Generator<{ entry: Entry; control: ControlSummary }> {
  for (const entry of workspace.all()) {
    for (const control of entry.result.controls) yield { entry, control };
  }
}

/** Finds the controls with an id, compared without regard to case. */
export function controlsWithId(workspace: ControlWorkspace, id: string): Array<{ entry: Entry; control: ControlSummary }> {
  const wanted = id.toUpperCase();
  return [...eachControl(workspace)].filter(({ control }) => control.id?.id.toUpperCase() === wanted);
}

/** Returns where a cited or declared id is defined. */
export function definition(workspace: ControlWorkspace, entry: Entry, position: Position): Location[] {
  const target = idAt(entry, position);
  if (!target) return [];
  return controlsWithId(workspace, target.id).map(({ entry: owner, control }) => ({
    uri: owner.uri,
    range: innerRange(control.id as IdOccurrence),
  }));
}

/** Returns every citation of the id at a position, and its declarations when asked. */
export function references(workspace: ControlWorkspace, entry: Entry, position: Position, includeDeclaration: boolean): Location[] {
  const target = idAt(entry, position);
  if (!target) return [];
  const wanted = target.id.toUpperCase();
  const locations: Location[] = [];
  for (const { entry: owner, control } of eachControl(workspace)) {
    if (includeDeclaration && control.id?.id.toUpperCase() === wanted) locations.push({ uri: owner.uri, range: innerRange(control.id) });
    for (const citation of control.citations) {
      if (citation.id.toUpperCase() === wanted) locations.push({ uri: owner.uri, range: citation.range });
    }
  }
  return locations;
}

/** Returns the range to rename at a position, or undefined when there is no control id there. */
export function prepareRename(entry: Entry, position: Position): { range: Range; placeholder: string } | undefined {
  const target = idAt(entry, position);
  return target ? { range: target.range, placeholder: target.id } : undefined;
}

export interface RenameOptions {
  config: Config;
  canRenameFiles: boolean;
  versionOf: (uri: string) => number | null;
}

/**
 * Renames a control id everywhere: its `id` value, every citation and, for a
 * single-control file named after the id, the file. Rejects a malformed id or
 * one another control already has.
 */
export function rename(workspace: ControlWorkspace, entry: Entry, position: Position, newId: string, options: RenameOptions): WorkspaceEdit {
  const target = idAt(entry, position);
  if (!target) throw new ResponseError(ErrorCodes.InvalidRequest, 'There is no control id at this position.');
  const codes = Object.keys(options.config.categories).join('|');
  if (!new RegExp(`^${options.config.idPrefix}-(${codes})-\\d{3}$`).test(newId)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${newId} is not a valid control id; expected ${options.config.idPrefix}-<CODE>-<NNN>.`);
  }
  const taken = controlsWithId(workspace, newId).find(({ control }) => control.id?.id.toUpperCase() !== target.id.toUpperCase());
  if (taken) throw new ResponseError(ErrorCodes.InvalidParams, `${newId} is already the id of a control in ${taken.entry.file}.`);
  const edits = new Map<string, TextEdit[]>();
  const add = (uri: string, range: Range): void => {
    const list = edits.get(uri) ?? [];
    list.push({ range, newText: newId });
    edits.set(uri, list);
  };
  const renames: RenameFile[] = [];
  const wanted = target.id.toUpperCase();
  for (const { entry: owner, control } of eachControl(workspace)) {
    if (control.id?.id.toUpperCase() === wanted) {
      add(owner.uri, innerRange(control.id));
      const fileName = owner.uri.slice(owner.uri.lastIndexOf('/') + 1);
      if (owner.result.kind === 'control' && decodeURIComponent(fileName) === `${control.id.id}.json` && options.canRenameFiles) {
        renames.push({ kind: 'rename', oldUri: owner.uri, newUri: `${owner.uri.slice(0, -fileName.length)}${newId}.json` });
      }
    }
    for (const citation of control.citations) if (citation.id.toUpperCase() === wanted) add(owner.uri, citation.range);
  }
  const changes: Array<TextDocumentEdit | RenameFile> = [...edits].map(([uri, list]) => ({
    textDocument: { uri, version: options.versionOf(uri) },
    edits: list,
  }));
  return { documentChanges: [...changes, ...renames] };
}

/** Names a control for symbols and pickers: "EDCA-SEC-001 — MAPI over HTTP is enabled". */
export function controlLabel(control: ControlSummary): string {
  const id = control.id?.id ?? '(no id)';
  return control.title ? `${id} — ${control.title}` : id;
}

/** Returns one symbol per control of a file. */
export function documentSymbols(entry: Entry): DocumentSymbol[] {
  return entry.result.controls.map((control) => ({
    name: controlLabel(control),
    kind: SymbolKind.Object,
    range: control.range,
    selectionRange: control.id ? innerRange(control.id) : control.range,
    ...(control.severity ? { detail: control.severity } : {}),
  }));
}

/** Returns the controls whose id or title contains every character of the query in order. */
export function workspaceSymbols(workspace: ControlWorkspace, query: string): WorkspaceSymbol[] {
  const needle = query.toLowerCase().replace(/\s+/g, '');
  const symbols: WorkspaceSymbol[] = [];
  for (const { entry, control } of eachControl(workspace)) {
    const label = controlLabel(control);
    if (needle && !isSubsequence(needle, label.toLowerCase())) continue;
    const range = control.id ? innerRange(control.id) : control.range;
    symbols.push({ name: label, kind: SymbolKind.Object, location: { uri: entry.uri, range } });
  }
  return symbols.sort((a, b) => a.name.localeCompare(b.name));
}

function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (const ch of haystack) if (ch === needle[i]) i++;
  return i === needle.length;
}
