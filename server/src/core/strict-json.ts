import type { Node, NodeType } from 'jsonc-parser';
import type { DuplicateKey } from './parse';

/** The tree, its JSON value and the duplicate keys of a document that parseStrictJson accepted. */
export interface StrictJsonTree {
  root: Node;
  /** The value that jsonc-parser's getNodeValue returns for `root`. */
  value: unknown;
  duplicateKeys: DuplicateKey[];
}

/** A node under construction, with writable fields, because jsonc-parser declares those of Node read-only. */
type NodeBuilder = { -readonly [K in keyof Node]: Node[K] };

const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const DIGIT_0 = 48;
const DIGIT_1 = 49;
const DIGIT_9 = 57;
const COLON = 58;
const UPPER_A = 65;
const UPPER_E = 69;
const UPPER_F = 70;
const UPPER_Z = 90;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const LOWER_A = 97;
const LOWER_B = 98;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_N = 110;
const LOWER_R = 114;
const LOWER_T = 116;
const LOWER_U = 117;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const MAX_ASCII = 0x7f;
/** Objects with up to this many keys are searched for a duplicate key one key after another. */
const LINEAR_KEY_SEARCH = 32;
/** Placeholder for a property's children until its value is parsed; never modified. */
const NO_CHILDREN: Node[] = [];
const BYTE_ORDER_MARK = 0xfeff;

/**
 * Parses strict JSON (RFC 8259), optionally after a byte order mark, in one
 * pass. Returns the tree that parseTolerantly builds with jsonc-parser 3.3.1,
 * with the same node properties in the same order, the value that
 * jsonc-parser's getNodeValue returns for its root, and the duplicate keys in
 * the order of their offsets. Returns undefined for any other text, such as a
 * comment, a trailing comma, or whitespace other than space, tab, LF and CR.
 * Other examples are a control character or invalid escape in a string, a
 * number outside JSON's grammar, and nesting deeper than `maxDepth` objects
 * and arrays. test/unit/strict-json.test.ts compares both parsers.
 */
export function parseStrictJson(text: string, maxDepth: number): StrictJsonTree | undefined {
  return new StrictJsonParser(text, maxDepth).parse();
}

// Each parse method starts at the first character of its value and leaves
// `pos` just past the value's last character, or returns undefined as soon as
// the text is not strict JSON. On success it also sets `value` to the JSON
// value of the node it returns.
class StrictJsonParser {
  private pos = 0;
  private value: unknown;
  private readonly duplicateKeys: DuplicateKey[] = [];
  /**
   * The key nodes of the objects being parsed, outer objects first, their
   * keys, and whether each key is all ASCII, in the same order. An object's
   * keys start at the length the stacks had when the object opened.
   */
  private readonly keyNodes: Node[] = [];
  private readonly keys: string[] = [];
  private readonly asciiKeys: boolean[] = [];
  /** The index of each open object with more than LINEAR_KEY_SEARCH keys, by its first place in the stacks: its folded keys and their places. */
  private readonly keyIndexes = new Map<number, Map<string, number>>();

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parse(): StrictJsonTree | undefined {
    this.pos = this.text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    this.skipWhitespace();
    const root = this.parseValue(undefined, 0);
    if (root === undefined) return undefined;
    this.skipWhitespace();
    if (this.pos !== this.text.length) return undefined;
    return { root, value: this.value, duplicateKeys: this.duplicateKeys };
  }

  // Moves past JSON whitespace and returns the next character code, or -1 at the end of the text.
  private skipWhitespace(): number {
    const text = this.text;
    const end = text.length;
    let pos = this.pos;
    while (pos < end) {
      const ch = text.charCodeAt(pos);
      if (ch !== SPACE && ch !== LINE_FEED && ch !== CARRIAGE_RETURN && ch !== TAB) {
        this.pos = pos;
        return ch;
      }
      pos++;
    }
    this.pos = pos;
    return -1;
  }

  // `depth` counts the objects and arrays that enclose the value.
  private parseValue(parent: Node | undefined, depth: number): Node | undefined {
    if (this.pos >= this.text.length) return undefined;
    switch (this.text.charCodeAt(this.pos)) {
      case OPEN_BRACE:
        return this.parseObject(parent, depth + 1);
      case OPEN_BRACKET:
        return this.parseArray(parent, depth + 1);
      case QUOTE:
        return this.parseStringValue(parent);
      case LOWER_T:
        return this.parseKeyword(parent, 'true', 'boolean', true);
      case LOWER_F:
        return this.parseKeyword(parent, 'false', 'boolean', false);
      case LOWER_N:
        return this.parseKeyword(parent, 'null', 'null', null);
      default:
        return this.parseNumber(parent);
    }
  }

  private parseObject(parent: Node | undefined, depth: number): Node | undefined {
    if (depth > this.maxDepth) return undefined;
    const object = containerNode('object', this.pos, parent);
    const children = object.children as Node[];
    const value = newObjectValue();
    this.pos++;
    let ch = this.skipWhitespace();
    if (ch === CLOSE_BRACE) return this.close(object, value);
    const firstKey = this.keyNodes.length;
    for (;;) {
      if (ch !== QUOTE) return undefined;
      const property = this.parseProperty(object, depth, firstKey, value);
      if (property === undefined) return undefined;
      children.push(property);
      ch = this.skipWhitespace();
      if (ch === CLOSE_BRACE) {
        if (this.keyNodes.length - firstKey > LINEAR_KEY_SEARCH) this.keyIndexes.delete(firstKey);
        this.keyNodes.length = firstKey;
        this.keys.length = firstKey;
        this.asciiKeys.length = firstKey;
        return this.close(object, value);
      }
      if (ch !== COMMA) return undefined;
      this.pos++;
      ch = this.skipWhitespace();
    }
  }

  // jsonc-parser gives a key node its properties in another order than a string value node.
  private parseProperty(
    object: Node,
    depth: number,
    firstKey: number,
    objectValue: Record<string, unknown>,
  ): Node | undefined {
    const offset = this.pos;
    const key = this.scanString();
    if (key === undefined) return undefined;
    const keyLength = this.pos - offset;
    if (this.skipWhitespace() !== COLON) return undefined;
    // `children` is set below. NO_CHILDREN keeps its place in the property order.
    const property: NodeBuilder = { type: 'property', offset, length: -1, parent: object, children: NO_CHILDREN, colonOffset: this.pos };
    const keyNode: Node = { type: 'string', value: key, offset, length: keyLength, parent: property };
    this.recordKey(keyNode, key, firstKey);
    this.pos++;
    this.skipWhitespace();
    const value = this.parseValue(property, depth);
    if (value === undefined) return undefined;
    property.children = [keyNode, value];
    property.length = this.pos - offset;
    // As in getNodeValue, a later duplicate key overwrites the value but keeps the first key's place in the key order.
    objectValue[key] = this.value;
    return property;
  }

  // Keys are recorded in the order of their offsets, so duplicateKeys needs no
  // sorting. A search of the object's earlier keys allocates nothing, where a
  // Map per object took about 7% of the memory that linting a control
  // allocates. An object with more keys than LINEAR_KEY_SEARCH is searched
  // through a Map of its folded keys.
  private recordKey(keyNode: Node, key: string, firstKey: number): void {
    const ascii = isAscii(key);
    const first = this.findKey(key, ascii, firstKey);
    if (first === undefined) {
      this.keyNodes.push(keyNode);
      this.keys.push(key);
      this.asciiKeys.push(ascii);
    } else {
      this.duplicateKeys.push({ key: keyNode, first, caseOnly: first.value !== key });
    }
  }

  // Returns the first key node of the object whose key folds to the same text as `key`.
  private findKey(key: string, ascii: boolean, firstKey: number): Node | undefined {
    const keys = this.keys;
    const end = keys.length;
    if (end - firstKey > LINEAR_KEY_SEARCH) return this.findKeyIndexed(foldCase(key), firstKey);
    for (let i = firstKey; i < end; i++) {
      const other = keys[i] as string;
      const same = ascii && this.asciiKeys[i] === true ? sameAsciiKey(key, other) : foldCase(key) === foldCase(other);
      if (same) return this.keyNodes[i];
    }
    return undefined;
  }

  private findKeyIndexed(folded: string, firstKey: number): Node | undefined {
    let index = this.keyIndexes.get(firstKey);
    if (index === undefined) {
      index = new Map();
      this.keyIndexes.set(firstKey, index);
    }
    // Keys pushed since the index was last brought up to date.
    for (let i = firstKey + index.size; i < this.keys.length; i++) index.set(foldCase(this.keys[i] as string), i);
    const at = index.get(folded);
    return at === undefined ? undefined : this.keyNodes[at];
  }

  private parseArray(parent: Node | undefined, depth: number): Node | undefined {
    if (depth > this.maxDepth) return undefined;
    const array = containerNode('array', this.pos, parent);
    const children = array.children as Node[];
    const values: unknown[] = [];
    this.pos++;
    let ch = this.skipWhitespace();
    if (ch === CLOSE_BRACKET) return this.close(array, values);
    for (;;) {
      const element = this.parseValue(array, depth);
      if (element === undefined) return undefined;
      children.push(element);
      values.push(this.value);
      ch = this.skipWhitespace();
      if (ch === CLOSE_BRACKET) return this.close(array, values);
      if (ch !== COMMA) return undefined;
      this.pos++;
      this.skipWhitespace();
    }
  }

  private close(container: NodeBuilder, value: unknown): Node {
    this.pos++;
    container.length = this.pos - container.offset;
    this.value = value;
    return container;
  }

  private parseStringValue(parent: Node | undefined): Node | undefined {
    const offset = this.pos;
    const value = this.scanString();
    if (value === undefined) return undefined;
    this.value = value;
    return literalNode('string', offset, this.pos - offset, parent, value);
  }

  // Returns the value of the string that starts at `pos`. A string without an
  // escape is sliced from the text. One with escapes is checked here, then
  // unescaped by JSON.parse, which builds one flat string natively.
  private scanString(): string | undefined {
    const text = this.text;
    const start = this.pos + 1;
    let pos = plainRunEnd(text, start);
    if (text.charCodeAt(pos) === QUOTE) {
      this.pos = pos + 1;
      return text.slice(start, pos);
    }
    for (;;) {
      if (text.charCodeAt(pos) !== BACKSLASH) return undefined;
      const escaped = text.charCodeAt(pos + 1);
      if (escaped === LOWER_U) {
        if (hexQuad(text, pos + 2) < 0) return undefined;
        pos += 6;
      } else if (isSingleEscape(escaped)) {
        pos += 2;
      } else {
        return undefined;
      }
      pos = plainRunEnd(text, pos);
      if (text.charCodeAt(pos) === QUOTE) {
        this.pos = pos + 1;
        return JSON.parse(text.slice(start - 1, pos + 1)) as string;
      }
    }
  }

  private parseKeyword(parent: Node | undefined, word: string, type: NodeType, value: boolean | null): Node | undefined {
    const offset = this.pos;
    if (!this.text.startsWith(word, offset)) return undefined;
    this.pos += word.length;
    this.value = value;
    return literalNode(type, offset, word.length, parent, value);
  }

  // Scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, JSON's number grammar. A
  // character after it that cannot follow a value, as in 01 or 1.5.5, makes the caller fail.
  private parseNumber(parent: Node | undefined): Node | undefined {
    const text = this.text;
    const offset = this.pos;
    let pos = offset;
    if (text.charCodeAt(pos) === MINUS) pos++;
    const first = text.charCodeAt(pos);
    if (first === DIGIT_0) pos++;
    else if (first >= DIGIT_1 && first <= DIGIT_9) pos = skipDigits(text, pos + 1);
    else return undefined;
    if (text.charCodeAt(pos) === DOT) {
      if (!isDigit(text.charCodeAt(pos + 1))) return undefined;
      pos = skipDigits(text, pos + 2);
    }
    const exponent = text.charCodeAt(pos);
    if (exponent === LOWER_E || exponent === UPPER_E) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === PLUS || sign === MINUS) pos++;
      if (!isDigit(text.charCodeAt(pos))) return undefined;
      pos = skipDigits(text, pos + 1);
    }
    this.pos = pos;
    const value = Number(text.slice(offset, pos));
    this.value = value;
    return literalNode('number', offset, pos - offset, parent, value);
  }
}

// getNodeValue builds objects without a prototype, so that a "__proto__" key
// becomes an own property like any other key, and no key reads an inherited
// value. V8 (Node 20) keeps an object from Object.create(null) in dictionary
// mode, but an empty literal whose prototype is then set to null in fast mode,
// which micro-benchmarks with 15 keys filled and read 1.3 to 2 times as fast.
function newObjectValue(): Record<string, unknown> {
  return Object.setPrototypeOf({}, null) as Record<string, unknown>;
}

// jsonc-parser's parseTree deletes the `parent` property of the root, so a root is built without one.
function containerNode(type: 'object' | 'array', offset: number, parent: Node | undefined): NodeBuilder {
  if (parent === undefined) return { type, offset, length: -1, children: [] };
  return { type, offset, length: -1, parent, children: [] };
}

function literalNode(type: NodeType, offset: number, length: number, parent: Node | undefined, value: unknown): Node {
  if (parent === undefined) return { type, offset, length, value };
  return { type, offset, length, parent, value };
}

// Whether `ch` may follow a backslash as a one-character escape: " \\ / b f n r t.
function isSingleEscape(ch: number): boolean {
  return ch === QUOTE || ch === BACKSLASH || ch === SLASH || ch === LOWER_B || ch === LOWER_F || ch === LOWER_N || ch === LOWER_R || ch === LOWER_T;
}

// Characters a string may contain without an escape: any but the quote, the backslash and the control characters.
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

// Returns the offset of the first character at or after `from` that a string cannot contain unescaped.
// The sticky pattern scans in native code: parsing the corpus took about 13% less time than with a loop over charCodeAt.
function plainRunEnd(text: string, from: number): number {
  PLAIN_RUN.lastIndex = from;
  PLAIN_RUN.test(text);
  return PLAIN_RUN.lastIndex;
}

// Returns the value of the four hexadecimal digits at `from`, or -1 if any of them is not one.
function hexQuad(text: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 4; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

function hexDigit(ch: number): number {
  if (ch >= DIGIT_0 && ch <= DIGIT_9) return ch - DIGIT_0;
  if (ch >= UPPER_A && ch <= UPPER_F) return ch - UPPER_A + 10;
  if (ch >= LOWER_A && ch <= LOWER_F) return ch - LOWER_A + 10;
  return -1;
}

function isAscii(key: string): boolean {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > MAX_ASCII) return false;
  return true;
}

// Whether two ASCII keys are equal after toLowerCase, compared without building the lower-case keys.
function sameAsciiKey(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && lowerAscii(x) !== lowerAscii(y)) return false;
  }
  return true;
}

function lowerAscii(ch: number): number {
  return ch >= UPPER_A && ch <= UPPER_Z ? ch + 32 : ch;
}

// Returns key.toLowerCase(), without that runtime call for a key of lower-case ASCII, the common case.
function foldCase(key: string): string {
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    if ((ch >= UPPER_A && ch <= UPPER_Z) || ch > MAX_ASCII) return key.toLowerCase();
  }
  return key;
}

function isDigit(ch: number): boolean {
  return ch >= DIGIT_0 && ch <= DIGIT_9;
}

function skipDigits(text: string, from: number): number {
  let pos = from;
  while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
  return pos;
}
