import { getNodePath, type Node } from 'jsonc-parser';
import { escapeJsonString } from './strings';
import type { JsonPath, TextEdit } from './types';

// Builders for the edits that fixes make, keeping the file's own layout:
// indentation, line ends and separators are copied from the neighbours.

/** Returns the line end the text uses: CRLF, CR or LF. */
export function lineEnding(text: string): string {
  const crlf = text.indexOf('\r\n');
  if (crlf >= 0) return '\r\n';
  return text.includes('\r') ? '\r' : '\n';
}

export function pathOf(node: Node): JsonPath {
  return getNodePath(node);
}

/** Replaces a whole node, e.g. a number or a string with its quotes. */
export function replaceNode(node: Node, newText: string): TextEdit {
  return { offset: node.offset, length: node.length, newText };
}

/** Replaces a string node with a new string value, escaped once. */
export function replaceString(node: Node, value: string): TextEdit {
  return replaceNode(node, `"${escapeJsonString(value)}"`);
}

/** Removes one element of an array or one property of an object, with the comma that separates it. */
export function removeChild(parent: Node, child: Node): TextEdit {
  const siblings = parent.children ?? [];
  const index = siblings.indexOf(child);
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  if (previous) {
    const from = previous.offset + previous.length;
    return { offset: from, length: child.offset + child.length - from, newText: '' };
  }
  if (next) return { offset: child.offset, length: next.offset - child.offset, newText: '' };
  const inner = parent.offset + 1;
  return { offset: inner, length: parent.offset + parent.length - 1 - inner, newText: '' };
}

/** Appends a value to an array, or a property (`"key": value`) to an object, after the last child. */
export function appendChild(text: string, parent: Node, childText: string): TextEdit {
  const last = parent.children?.[parent.children.length - 1];
  if (!last) {
    return { offset: parent.offset + 1, length: 0, newText: childText };
  }
  const end = last.offset + last.length;
  const indent = indentationBefore(text, last.offset);
  const separator = indent === undefined ? ', ' : `,${lineEnding(text)}${indent}`;
  return { offset: end, length: 0, newText: `${separator}${childText}` };
}

/**
 * Returns the whitespace before a node when the node starts its line, else
 * undefined. Whitespace that JSON does not allow, such as U+00A0, counts as
 * indentation and is returned as spaces, as the json-whitespace fix writes it.
 */
export function indentationBefore(text: string, offset: number): string | undefined {
  let start = offset;
  while (start > 0 && INDENTATION.test(text[start - 1] as string)) start--;
  if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') return undefined;
  return text.slice(start, offset).replace(/[^\t ]/g, ' ');
}

// Whitespace other than line ends.
const INDENTATION = /[^\S\r\n]/;

/** Writes a property for insertion: `"key": value`. */
export function propertyText(key: string, valueText: string): string {
  return `"${escapeJsonString(key)}": ${valueText}`;
}
