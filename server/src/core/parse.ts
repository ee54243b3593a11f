import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { parseStrictJson } from './strict-json';
import { LineIndex } from './text';

/** A character that tolerant parsers skip between tokens but JSON does not allow. */
export interface StrayWhitespace {
  offset: number;
  code: number;
}

export interface Span {
  offset: number;
  length: number;
}

export interface DuplicateKey {
  key: Node;
  first: Node;
  caseOnly: boolean;
}

/** A document parsed as leniently as jsonc-parser allows, with what strict readers reject. */
export interface ParsedDocument {
  text: string;
  lines: LineIndex;
  root: Node | undefined;
  /**
   * The JSON value of `root`, equal to what jsonc-parser's getNodeValue
   * returns for it. Only parseStrictJson builds it, so it is undefined for
   * text that is not strict JSON.
   */
  rootValue?: unknown;
  strayWhitespace: StrayWhitespace[];
  comments: Span[];
  trailingCommas: number[];
  syntaxErrors: ParseError[];
  duplicateKeys: DuplicateKey[];
  /** Offset of the first bracket nested deeper than MAX_DEPTH; the tree is not built then. */
  tooDeep?: number;
}

/** Deepest nesting of objects and arrays that is parsed; controls need fewer than ten levels. */
export const MAX_DEPTH = 1000;

const NAMES: ReadonlyMap<number, string> = new Map([
  [0x0b, 'LINE TABULATION'],
  [0x0c, 'FORM FEED'],
  [0x85, 'NEXT LINE'],
  [0xa0, 'NO-BREAK SPACE'],
  [0x1680, 'OGHAM SPACE MARK'],
  [0x2000, 'EN QUAD'],
  [0x2001, 'EM QUAD'],
  [0x2002, 'EN SPACE'],
  [0x2003, 'EM SPACE'],
  [0x2004, 'THREE-PER-EM SPACE'],
  [0x2005, 'FOUR-PER-EM SPACE'],
  [0x2006, 'SIX-PER-EM SPACE'],
  [0x2007, 'FIGURE SPACE'],
  [0x2008, 'PUNCTUATION SPACE'],
  [0x2009, 'THIN SPACE'],
  [0x200a, 'HAIR SPACE'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x2028, 'LINE SEPARATOR'],
  [0x2029, 'PARAGRAPH SEPARATOR'],
  [0x202f, 'NARROW NO-BREAK SPACE'],
  [0x205f, 'MEDIUM MATHEMATICAL SPACE'],
  [0x3000, 'IDEOGRAPHIC SPACE'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
]);

/** Names a stray whitespace character the way Unicode does, e.g. "U+00A0 NO-BREAK SPACE". */
export function describeCharacter(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} ${NAMES.get(code) ?? 'character'}`;
}

export function isStrayWhitespace(code: number): boolean {
  return NAMES.has(code);
}

interface Lexed {
  tooDeep?: number;
  clean: string;
  strayWhitespace: StrayWhitespace[];
  comments: Span[];
  trailingCommas: number[];
}

// One pass over the text, tracking strings and comments, that finds what strict
// JSON rejects but jsonc-parser tolerates or misreads. Stray whitespace is
// replaced by a space of the same UTF-16 length, so the tree built from the
// clean text has the offsets of the original.
function lex(text: string): Lexed {
  const stray: StrayWhitespace[] = [];
  const comments: Span[] = [];
  const trailingCommas: number[] = [];
  let pendingComma = -1;
  let depth = 0;
  let tooDeep: number | undefined;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;

  // Character codes: 34 ", 47 /, 42 *, 44 comma, 91 [, 93 ], 123 {, 125 }.
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      pendingComma = -1;
      i = skipString(text, i + 1);
    } else if (ch === 47 && text.charCodeAt(i + 1) === 47) {
      const end = lineEnd(text, i);
      comments.push({ offset: i, length: end - i });
      i = end;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      comments.push({ offset: i, length: end - i });
      i = end;
    } else {
      if (ch === 44) pendingComma = i;
      else if (ch === 125 || ch === 93) {
        if (pendingComma >= 0) trailingCommas.push(pendingComma);
        pendingComma = -1;
        depth--;
      } else if (ch === 123 || ch === 91) {
        pendingComma = -1;
        depth++;
        if (depth > MAX_DEPTH && tooDeep === undefined) tooDeep = i;
      } else if (NAMES.has(ch)) {
        stray.push({ offset: i, code: ch });
      } else if (ch > 32) {
        pendingComma = -1;
      }
      i++;
    }
  }

  const clean = replaceStray(text, stray);
  return { clean, strayWhitespace: stray, comments, trailingCommas, ...(tooDeep === undefined ? {} : { tooDeep }) };
}

// Returns the offset just past the closing quote, or the line end of an unterminated string.
export function skipString(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 34) return i + 1;
    if (ch === 10 || ch === 13) return i;
    i += ch === 92 ? 2 : 1;
  }
  return i;
}

export function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

function replaceStray(text: string, stray: StrayWhitespace[]): string {
  const bom = text.charCodeAt(0) === 0xfeff;
  if (stray.length === 0 && !bom) return text;
  const chars = text.split('');
  if (bom) chars[0] = ' ';
  for (const s of stray) chars[s.offset] = ' ';
  return chars.join('');
}

/**
 * Parses a document the way strict JSON readers see it, keeping positions and
 * recovering from errors. Strict JSON, the common case, is parsed in one pass
 * by parseStrictJson, and any other text by parseTolerantly.
 */
export function parseDocument(text: string): ParsedDocument {
  const strict = parseStrictJson(text, MAX_DEPTH);
  if (strict === undefined) return parseTolerantly(text);
  return {
    text,
    lines: new LineIndex(text),
    root: strict.root,
    rootValue: strict.value,
    strayWhitespace: [],
    comments: [],
    trailingCommas: [],
    syntaxErrors: [],
    duplicateKeys: strict.duplicateKeys,
  };
}

/**
 * Parses any text with jsonc-parser, recovering from errors, after a pass that
 * finds comments, trailing commas and stray whitespace. parseDocument calls it
 * when parseStrictJson rejects the text. Tests call it to check that both give
 * the same result for strict JSON.
 */
export function parseTolerantly(text: string): ParsedDocument {
  const lexed = lex(text);
  const syntaxErrors: ParseError[] = [];
  // jsonc-parser recurses once per level, so a hostile nesting depth would overflow the stack.
  const root =
    lexed.tooDeep === undefined
      ? parseTree(lexed.clean, syntaxErrors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false })
      : undefined;
  return {
    ...(lexed.tooDeep === undefined ? {} : { tooDeep: lexed.tooDeep }),
    text,
    lines: new LineIndex(text),
    root,
    strayWhitespace: lexed.strayWhitespace,
    comments: lexed.comments,
    trailingCommas: lexed.trailingCommas,
    syntaxErrors,
    duplicateKeys: root ? findDuplicateKeys(root) : [],
  };
}

// Strict readers keep the last of two equal keys; PowerShell also matches keys
// regardless of letter case, so "title" and "Title" collide there.
function findDuplicateKeys(root: Node): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'object') collectDuplicates(node, found);
    if (node.children) for (const child of node.children) stack.push(child);
  }
  return found.sort((a, b) => a.key.offset - b.key.offset);
}

function collectDuplicates(object: Node, found: DuplicateKey[]): void {
  const seen = new Map<string, Node>();
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    if (!key || typeof key.value !== 'string') continue;
    const folded = key.value.toLowerCase();
    const first = seen.get(folded);
    if (first) found.push({ key, first, caseOnly: first.value !== key.value });
    else seen.set(folded, key);
  }
}

export { printParseErrorCode };
