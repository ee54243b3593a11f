// Writes an edited script back into the JSON string of a control's
// `remediation.scriptTemplate`, escaped once by JSON.stringify, and changes
// nothing else in the file.
import { parseDocument } from '../../../server/src/core/parse';
import { type ControlRef, findControl } from './locate';

/** A replacement of `length` characters at `offset`. */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

export type WriteBack = { edit: TextEdit } | { error: string };

/**
 * Computes the edit that stores `script` as the control's script template.
 * `expectedLiteral` is the JSON string literal, quotes included, that the
 * script was read from. Returns an error, and no edit, when the control or its
 * template is gone or the literal differs, because the JSON file changed since.
 */
export function scriptWriteBack(jsonText: string, ref: ControlRef, expectedLiteral: string, script: string): WriteBack {
  const control = findControl(parseDocument(jsonText), ref);
  if (!control) return { error: 'The control is no longer in the file.' };
  const node = control.scriptNode;
  if (!node) return { error: 'The control no longer has a remediation.scriptTemplate string.' };
  const literal = jsonText.slice(node.offset, node.offset + node.length);
  if (literal !== expectedLiteral) {
    return { error: 'The script template in the JSON file changed after it was opened as PowerShell.' };
  }
  return { edit: { offset: node.offset, length: node.length, text: JSON.stringify(script) } };
}

/** Returns the text with the edit applied. */
export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.text + text.slice(edit.offset + edit.length);
}
