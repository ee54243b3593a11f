// Finds the control a command acts on: the one a CodeLens names, the one at
// the cursor, or one picked from the language server's list of controls.
import * as vscode from 'vscode';
import { type ParsedDocument, parseDocument } from '../../../server/src/core/parse';
import { controlAt, controlsIn, type LocatedControl } from './locate';
import type { ControlPickItem, RunUi } from './ui';

/** The argument a CodeLens passes: the document and an offset inside the control. */
export interface ControlArgument {
  uri: string;
  offset: number;
}

/** A control as the language server lists it (request `controlStudio/controls`). */
export interface ServerControl extends ControlPickItem {
  uri: string;
  range: { start: { line: number; character: number } };
}

export interface RunTarget {
  document: vscode.TextDocument;
  control: LocatedControl;
}

export type TargetResult = RunTarget | { error: string } | undefined;

export interface TargetSources {
  ui: RunUi;
  /** Lists the workspace's controls; rejects when the language server is not running. */
  listControls(): Promise<ServerControl[]>;
}

/**
 * Resolves a command's argument to a control. Resolves with undefined when
 * the user cancelled the picker, and with an error message when no control fits.
 */
export async function resolveTarget(argument: unknown, sources: TargetSources): Promise<TargetResult> {
  if (isControlArgument(argument)) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(argument.uri));
    return inDocument(document, parseDocument(document.getText()), argument.offset);
  }
  const uri = argument instanceof vscode.Uri ? argument : vscode.window.activeTextEditor?.document.uri;
  const editor = vscode.window.visibleTextEditors.find((visible) => visible.document.uri.toString() === uri?.toString());
  if (editor) {
    const parsed = parseDocument(editor.document.getText());
    if (controlsIn(parsed).length > 0) return atCursor(editor, parsed, sources.ui);
  }
  return pickFromServer(sources);
}

function isControlArgument(value: unknown): value is ControlArgument {
  const candidate = value as Partial<ControlArgument> | undefined;
  return typeof candidate?.uri === 'string' && typeof candidate.offset === 'number';
}

function inDocument(document: vscode.TextDocument, parsed: ParsedDocument, offset: number): TargetResult {
  const control = controlAt(parsed, offset);
  if (!control) return { error: `No control at the given position of ${vscode.workspace.asRelativePath(document.uri)}.` };
  return { document, control };
}

// The control at the cursor; the only control of the file; or one picked from the file's controls.
async function atCursor(editor: vscode.TextEditor, parsed: ParsedDocument, ui: RunUi): Promise<TargetResult> {
  const { document } = editor;
  const atOffset = controlAt(parsed, document.offsetAt(editor.selection.active));
  if (atOffset) return { document, control: atOffset };
  const controls = controlsIn(parsed);
  if (controls.length === 1 && controls[0]) return { document, control: controls[0] };
  const file = vscode.workspace.asRelativePath(document.uri);
  const items = controls.map((control, index) => ({
    id: control.id ?? `control ${index + 1}`,
    title: control.title ?? '',
    file,
    control,
  }));
  const picked = await ui.pickControl(items, 'Select the control to use');
  return picked ? { document, control: picked.control } : undefined;
}

async function pickFromServer(sources: TargetSources): Promise<TargetResult> {
  let controls: ServerControl[];
  try {
    controls = await sources.listControls();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const next = 'Open a control file, or run "Control Studio: Restart Language Server".';
    return { error: `Could not list the controls: ${reason}. ${next}` };
  }
  if (controls.length === 0) return { error: 'No control was found in this workspace.' };
  const picked = await sources.ui.pickControl(controls, 'Select the control to use');
  if (!picked) return undefined;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(picked.uri));
  const offset = document.offsetAt(new vscode.Position(picked.range.start.line, picked.range.start.character));
  return inDocument(document, parseDocument(document.getText()), offset);
}
