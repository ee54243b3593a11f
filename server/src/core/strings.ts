import type { Node } from 'jsonc-parser';

// Maps positions in a string's decoded value back to the JSON source, where an
// escape such as \n, \" or \u00e9 spans several source characters. The tables
// of one parse tree are kept at a time. A WeakMap keyed by node is no option:
// V8's young-generation collections (V8 11.3, Node 20) keep its entries, and so
// every parse tree, alive and move them all to the old generation.
let tablesRoot: Node | undefined;
let offsetTables = new Map<Node, Int32Array>();

function tablesFor(node: Node): Map<Node, Int32Array> {
  let root = node;
  while (root.parent) root = root.parent;
  if (root !== tablesRoot) {
    tablesRoot = root;
    offsetTables = new Map();
  }
  return offsetTables;
}

function buildTable(text: string, node: Node): Int32Array {
  const value = typeof node.value === 'string' ? node.value : '';
  const table = new Int32Array(value.length + 1);
  let source = node.offset + 1;
  const end = node.offset + node.length - 1;
  for (let i = 0; i < value.length && source < end; i++) {
    table[i] = source;
    if (text.charCodeAt(source) !== 92) {
      source += 1;
    } else {
      source += text.charCodeAt(source + 1) === 117 ? 6 : 2;
    }
  }
  table[value.length] = Math.min(source, end);
  return table;
}

/** Returns the source span of value[start, end) of a string node. */
export function stringSpan(text: string, node: Node, start: number, end: number): { offset: number; length: number } {
  if (isVerbatim(text, node)) return verbatimSpan(node, start, end);
  const tables = tablesFor(node);
  let table = tables.get(node);
  if (!table) {
    table = buildTable(text, node);
    tables.set(node, table);
  }
  const last = table.length - 1;
  const from = table[Math.min(start, last)] ?? node.offset;
  const to = table[Math.min(end, last)] ?? from;
  return { offset: from, length: Math.max(to - from, 0) };
}

// Tells whether the node's value is written without escapes just after its
// opening quote, so that value[i] is at source offset node.offset + 1 + i.
// Most strings are, and need no offset table then. The backslash test rejects
// a value such as \\ whose source \\\\ starts with it.
function isVerbatim(text: string, node: Node): boolean {
  const value = node.value;
  if (typeof value !== 'string' || node.length < value.length + 2) return false;
  return text.startsWith(value, node.offset + 1) && !value.includes('\\');
}

// Returns what the table of a verbatim string gives, without building it.
// Indexes outside the table, such as a negative start, give undefined in the
// table and so the same fallbacks here.
function verbatimSpan(node: Node, start: number, end: number): { offset: number; length: number } {
  const last = (node.value as string).length;
  const from = verbatimOffset(node, Math.min(start, last)) ?? node.offset;
  const to = verbatimOffset(node, Math.min(end, last)) ?? from;
  return { offset: from, length: Math.max(to - from, 0) };
}

function verbatimOffset(node: Node, index: number): number | undefined {
  return Number.isInteger(index) && index >= 0 ? node.offset + 1 + index : undefined;
}

/** Escapes text for use inside a JSON string literal, without the quotes. */
export function escapeJsonString(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Returns a copy of a string that keeps no reference to the text it was cut
 * from. V8 (Node 20) stores a substring of 13 or more characters as a view
 * into its parent, so a title kept from a file would keep the whole file's
 * text in memory. Concatenating makes a rope, and slicing it copies the
 * characters into a new flat string.
 */
export function copyString(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}
