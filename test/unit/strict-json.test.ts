import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { getNodeValue, type Node } from 'jsonc-parser';
import { MAX_DEPTH, type ParsedDocument, parseDocument, parseTolerantly } from '../../server/src/core/parse';
import { parseStrictJson } from '../../server/src/core/strict-json';
import { CORPUS_DIR, REPO_ROOT, seededRandom } from './helpers';

// parseDocument parses strict JSON with parseStrictJson and any other text
// with parseTolerantly (a lexer pass, then jsonc-parser). These tests check
// that the two give deep-equal results wherever parseStrictJson accepts the
// text, and that it accepts exactly the texts that JSON.parse accepts after an
// optional byte order mark, up to MAX_DEPTH levels of nesting. Where it
// accepts the text, the value it builds must equal what jsonc-parser's
// getNodeValue returns for the root, down to prototypes and key order.

const SEED = 20250611;
const MUTATION_ROUNDS = 3000;
const GENERATED_DOCUMENTS = 300;


type Pick = (n: number) => number;

function pickOf<T>(items: readonly T[], pick: Pick): T {
  return items[pick(items.length)] as T;
}

// A node as plain data: its own property names in order, its number of
// children, and its parent as a path of child indexes from the root. A tree
// becomes a flat list of these in document order. deepEqual then follows no
// parent cycles and does not recurse once per level of nesting.
interface NodeSnapshot {
  path: string;
  keys: string[];
  [property: string]: unknown;
}

function snapshotTree(root: Node | undefined, paths: Map<Node, string>): NodeSnapshot[] {
  const snapshots: NodeSnapshot[] = [];
  const stack: Array<[Node, string]> = root ? [[root, '']] : [];
  while (stack.length > 0) {
    const [node, nodePath] = stack.pop() as [Node, string];
    paths.set(node, nodePath);
    const snapshot: NodeSnapshot = { path: nodePath, keys: Object.keys(node) };
    for (const key of snapshot.keys) {
      if (key === 'parent') snapshot.parent = node.parent ? paths.get(node.parent) : node.parent;
      else if (key === 'children') snapshot.children = node.children?.length;
      else snapshot[key] = (node as unknown as Record<string, unknown>)[key];
    }
    snapshots.push(snapshot);
    const children = node.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) stack.push([children[index] as Node, `${nodePath}/${index}`]);
  }
  return snapshots;
}

// A JSON value as plain data, like NodeSnapshot: one entry per value in
// document order, with its path, its prototype, its own keys in order (string
// keys, as Reflect.ownKeys lists them) and, for a primitive, the value itself.
// -0 is written as a string, because deepEqual does not tell it from 0 in
// every Node.js version.
interface ValueSnapshot {
  path: string;
  prototype: 'null' | 'Object' | 'Array' | 'other' | 'primitive';
  keys?: Array<string | symbol>;
  primitive?: unknown;
}

function prototypeName(value: object): ValueSnapshot['prototype'] {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === null) return 'null';
  if (prototype === Object.prototype) return 'Object';
  if (prototype === Array.prototype) return 'Array';
  return 'other';
}

function snapshotValue(value: unknown): ValueSnapshot[] {
  const snapshots: ValueSnapshot[] = [];
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, valuePath] = stack.pop() as [unknown, string];
    if (current === null || typeof current !== 'object') {
      const primitive = Object.is(current, -0) ? '-0' : current;
      snapshots.push({ path: valuePath, prototype: 'primitive', primitive });
      continue;
    }
    const keys = Reflect.ownKeys(current);
    snapshots.push({ path: valuePath, prototype: prototypeName(current), keys });
    const record = current as Record<string | symbol, unknown>;
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index] as string | symbol;
      if (key !== 'length' || !Array.isArray(current)) stack.push([record[key], `${valuePath}/${String(key)}`]);
    }
  }
  return snapshots;
}

/** Returns every field of a parsed document but rootValue as plain data, with each node replaced by its path in the tree. */
function snapshotDocument(doc: ParsedDocument): Record<string, unknown> {
  const paths = new Map<Node, string>();
  const root = snapshotTree(doc.root, paths);
  return {
    // parseTolerantly leaves rootValue out; checkValue compares it with getNodeValue.
    keys: Object.keys(doc).filter((key) => key !== 'rootValue'),
    text: doc.text,
    lines: doc.lines,
    tooDeep: doc.tooDeep,
    root,
    strayWhitespace: doc.strayWhitespace,
    comments: doc.comments,
    trailingCommas: doc.trailingCommas,
    syntaxErrors: doc.syntaxErrors,
    duplicateKeys: doc.duplicateKeys.map((entry) => ({
      key: paths.get(entry.key),
      first: paths.get(entry.first),
      caseOnly: entry.caseOnly,
    })),
  };
}

function nestingDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, nestingDepth(child));
  return deepest + 1;
}

/** Returns whether JSON.parse accepts the text after an optional byte order mark, with at most MAX_DEPTH levels of nesting. */
function isStrictJson(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return false;
  }
  return nestingDepth(value) <= MAX_DEPTH;
}

// Checks that parseDocument sets rootValue exactly when parseStrictJson
// accepts the text, and then to what getNodeValue returns for the root.
function checkValue(doc: ParsedDocument, accepted: boolean, label: string): void {
  if (!accepted) {
    assert.equal(doc.rootValue, undefined, `${label}: rootValue of text that is not strict JSON`);
    return;
  }
  assert.ok('rootValue' in doc, `${label}: no rootValue`);
  assert.deepEqual(snapshotValue(doc.rootValue), snapshotValue(getNodeValue(doc.root as Node)), `${label}: rootValue`);
}

// Returns whether parseStrictJson accepted the text, after checking that this
// agrees with JSON.parse, that parseDocument equals parseTolerantly, and that
// the value parseDocument built equals getNodeValue.
function checkText(text: string, label: string): boolean {
  const accepted = parseStrictJson(text, MAX_DEPTH) !== undefined;
  assert.equal(accepted, isStrictJson(text), `${label}: parseStrictJson accepted ${accepted} ${JSON.stringify(text.slice(0, 200))}`);
  const expected = snapshotDocument(parseTolerantly(text));
  const doc = parseDocument(text);
  assert.deepEqual(snapshotDocument(doc), expected, `${label}: ${JSON.stringify(text.slice(0, 200))}`);
  checkValue(doc, accepted, `${label}: ${JSON.stringify(text.slice(0, 200))}`);
  return accepted;
}

function jsonFilesUnder(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(folder, name));
}

const KEYS = ['id', 'Id', 'ID', 'title', 'Title', 'a', 'b', 'é', 'É', 'k', 'K', '\u212a', 'i\u0307', '\u0130', '', 'x y', 'a"b', 'a\\b'];
const STRING_CHARS = [
  ...['a', 'Z', ' ', 'é', '\u00a0', '\u2028', '\ufeff', '😀', '\ud83d'],
  ...['"', '\\', '/', '\n', '\t', '\u0001', '\u007f', '{', ',', ']'],
];
const NUMBERS = [
  ...['0', '-0', '1', '-1', '0.5', '-0.5', '1e5', '1E-5', '1e+5', '2.5E+10'],
  ...['12345678901234567890', '1e400', '-1e-400', '0.1e1', '123.456'],
];
const WHITESPACE = ['', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n  '];

// Writes a string literal, escaping each character in one of the ways JSON allows, at random.
function writeString(value: string, pick: Pick): string {
  let out = '"';
  for (const ch of value.split('')) {
    const code = ch.charCodeAt(0);
    const hex = code.toString(16).padStart(4, '0');
    const mustEscape = ch === '"' || ch === '\\' || code < 0x20;
    const choice = pick(mustEscape ? 2 : 4);
    if (choice === 0) out += `\\u${pick(2) === 0 ? hex : hex.toUpperCase()}`;
    else if (choice === 1 && mustEscape) out += JSON.stringify(ch).slice(1, -1);
    else if (choice === 1 && ch === '/') out += '\\/';
    else out += ch;
  }
  return `${out}"`;
}

function randomString(pick: Pick): string {
  let value = '';
  const length = pick(6);
  for (let i = 0; i < length; i++) value += pickOf(STRING_CHARS, pick);
  return value;
}

// Writes a random JSON value with random whitespace between tokens.
function writeValue(pick: Pick, depth: number): string {
  const space = (): string => pickOf(WHITESPACE, pick);
  const kind = depth > 4 ? 2 + pick(4) : pick(6);
  if (kind === 0) {
    const members: string[] = [];
    for (let i = pick(5); i > 0; i--) {
      const key = writeString(pickOf(KEYS, pick), pick);
      members.push(`${space()}${key}${space()}:${space()}${writeValue(pick, depth + 1)}${space()}`);
    }
    return `{${members.join(',') || space()}}`;
  }
  if (kind === 1) {
    const elements: string[] = [];
    for (let i = pick(5); i > 0; i--) elements.push(`${space()}${writeValue(pick, depth + 1)}${space()}`);
    return `[${elements.join(',') || space()}]`;
  }
  if (kind === 2) return writeString(randomString(pick), pick);
  if (kind === 3) return pickOf(NUMBERS, pick);
  return pickOf(['true', 'false', 'null'], pick);
}

function generateDocument(pick: Pick): string {
  const bom = pick(4) === 0 ? '\ufeff' : '';
  return `${bom}${pickOf(WHITESPACE, pick)}${writeValue(pick, 0)}${pickOf(WHITESPACE, pick)}`;
}

const SNIPPETS = [
  '\u00a0',
  '\u2003',
  '\ufeff',
  '\u000b',
  '// note\n',
  '/* note */',
  ',',
  ' ',
  '\t',
  '\r\n',
  '\\u00e9',
  '\\u00E9',
  '\\ud83d\\ude00',
  '\\ud83d',
  '\\"',
  '\\\\',
  '\\/',
  '\\b\\f\\n\\r\\t',
  '\\x',
  '\\u12',
  '\\u12G4',
  '-0',
  '1e5',
  '1E-5',
  '0.5',
  '01',
  '1.',
  '.5',
  '-',
  '1e',
  '+1',
  '12345678901234567890',
  'true',
  'nul',
  '"',
  '{',
  '}',
  '[',
  ']',
  ':',
  '"k": 1,',
  '"Title": "x",',
  '\u0001',
];
const CHARACTERS = [
  ...['{', '}', '[', ']', ',', ':', '"', '\\', '/', '*', '0', '1', '-', '.', 'e', 'E', '+', 'a', 't', 'n', 'u'],
  ...[' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u0000', 'é', '\ud83d'],
];

// Offsets of number literals outside strings.
function numberOffsets(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (/[-0-9]/.test(ch)) {
      let end = i;
      while (end < text.length && /[-+.eE0-9]/.test(text[end] as string)) end++;
      found.push([i, end]);
      i = end - 1;
    }
  }
  return found;
}

type Mutation = (text: string, pick: Pick) => string;

const MUTATIONS: Mutation[] = [
  (text, pick) => {
    const at = pick(text.length + 1);
    return text.slice(0, at) + pickOf(CHARACTERS, pick) + text.slice(at);
  },
  (text, pick) => {
    const at = pick(text.length);
    return text.slice(0, at) + text.slice(at + 1);
  },
  (text, pick) => {
    const at = pick(text.length);
    return text.slice(0, at) + pickOf(CHARACTERS, pick) + text.slice(at + 1);
  },
  (text, pick) => {
    const at = pick(text.length + 1);
    return text.slice(0, at) + pickOf(SNIPPETS, pick) + text.slice(at);
  },
  (text, pick) => {
    const numbers = numberOffsets(text);
    if (numbers.length === 0) return text;
    const [start, end] = pickOf(numbers, pick);
    return text.slice(0, start) + pickOf([...NUMBERS, '01', '-01', '1.', '1e', '1.5.5', '--1', '0x1'], pick) + text.slice(end);
  },
  (text, pick) => {
    const closing = [...text.matchAll(/[}\]]/g)].map((match) => match.index ?? 0);
    if (closing.length === 0) return text;
    const at = pickOf(closing, pick);
    return `${text.slice(0, at)},${text.slice(at)}`;
  },
  (text, pick) => {
    // The first { or [ of the text is at depth 1, so wrapping it in MAX_DEPTH - 1 arrays reaches MAX_DEPTH.
    const wraps = MAX_DEPTH - 2 + pick(4);
    return '['.repeat(wraps) + text + ']'.repeat(wraps);
  },
  (text, pick) => {
    const opening = [...text.matchAll(/\{/g)].map((match) => match.index ?? 0);
    if (opening.length === 0) return text;
    const at = pickOf(opening, pick) + 1;
    const key = [...pickOf(KEYS, pick)].map((ch) => (pick(2) === 0 ? ch.toUpperCase() : ch)).join('');
    return `${text.slice(0, at)}${writeString(key, pick)}: ${writeValue(pick, 3)}, ${text.slice(at)}`;
  },
];

describe('parseStrictJson', () => {
  it('matches parseTolerantly on the repository JSON files', () => {
    // The corpus is under test/, so the set drops its second listing.
    const files = new Set([
      ...jsonFilesUnder(CORPUS_DIR),
      ...jsonFilesUnder(path.join(REPO_ROOT, 'controls')),
      ...jsonFilesUnder(path.join(REPO_ROOT, 'test')),
    ]);
    let strict = 0;
    for (const file of files) {
      if (checkText(fs.readFileSync(file, 'utf8'), path.relative(REPO_ROOT, file))) strict++;
    }
    assert.ok(files.size > 400, `found only ${files.size} files`);
    assert.ok(strict > files.size / 2, `only ${strict} of ${files.size} files are strict JSON`);
  });

  it('accepts every control of the corpus', () => {
    for (const file of jsonFilesUnder(CORPUS_DIR)) {
      assert.notEqual(parseStrictJson(fs.readFileSync(file, 'utf8'), MAX_DEPTH), undefined, file);
    }
  });

  it('matches parseTolerantly on generated documents', () => {
    const pick = seededRandom(SEED);
    let strict = 0;
    for (let i = 0; i < GENERATED_DOCUMENTS; i++) {
      if (checkText(generateDocument(pick), `document ${i}`)) strict++;
    }
    assert.ok(strict > GENERATED_DOCUMENTS / 2, `only ${strict} of ${GENERATED_DOCUMENTS} documents are strict JSON`);
  });

  it('matches parseTolerantly on mutated documents', () => {
    const pick = seededRandom(SEED + 1);
    const corpus = jsonFilesUnder(CORPUS_DIR).map((file) => fs.readFileSync(file, 'utf8'));
    let strict = 0;
    for (let round = 0; round < MUTATION_ROUNDS; round++) {
      let text = pick(2) === 0 ? pickOf(corpus, pick) : generateDocument(pick);
      for (let count = 1 + pick(2); count > 0; count--) text = pickOf(MUTATIONS, pick)(text, pick);
      if (checkText(text, `round ${round}`)) strict++;
    }
    assert.ok(strict > MUTATION_ROUNDS / 5, `only ${strict} of ${MUTATION_ROUNDS} mutated documents are strict JSON`);
    assert.ok(strict < MUTATION_ROUNDS - MUTATION_ROUNDS / 5, `${strict} of ${MUTATION_ROUNDS} mutated documents are strict JSON`);
  });
});

// Returns each duplicate key as [its offset, the offset of the first key it repeats, whether only the letter case differs].
function duplicateOffsets(text: string): Array<[number, number, boolean]> | undefined {
  return parseStrictJson(text, MAX_DEPTH)?.duplicateKeys.map((entry) => [entry.key.offset, entry.first.offset, entry.caseOnly]);
}

describe('parseStrictJson cases', () => {
  const values = (text: string): unknown[] => parseStrictJson(text, MAX_DEPTH)?.root.children?.map((node) => node.value) ?? [];

  it('unescapes strings', () => {
    const text = String.raw`["\u00e9", "\u00E9", "\ud83d\ude00", "\"", "\\", "\/", "\b\f\n\r\t", "\ud83d", "a\u0000b"]`;
    assert.deepEqual(values(text), ['é', 'é', '😀', '"', '\\', '/', '\b\f\n\r\t', '\ud83d', 'a\u0000b']);
    checkText(text, 'escapes');
  });

  it('unescapes strings with plain runs around and between the escapes', () => {
    const run = 'x'.repeat(100);
    const text = `["${run}\\n${run}", "\\t${run}\\"", "${run}\\u0041${run}\\\\"]`;
    assert.deepEqual(values(text), [`${run}\n${run}`, `\t${run}"`, `${run}A${run}\\`]);
    checkText(text, 'runs and escapes');
  });

  it('reads numbers as Number does', () => {
    const text = '[-0, 0, 1e5, 1E-5, 1e+5, 0.5, -0.5, 12345678901234567890, 1e400, -1e400]';
    assert.deepEqual(values(text), [-0, 0, 100000, 0.00001, 100000, 0.5, -0.5, 12345678901234567890, Infinity, -Infinity]);
    checkText(text, 'numbers');
  });

  it('reads keywords', () => {
    assert.deepEqual(values('[true, false, null]'), [true, false, null]);
  });

  it('rejects text that is not strict JSON', () => {
    const rejected = [
      '',
      ' ',
      '\ufeff',
      '01',
      '-01',
      '1.',
      '.5',
      '-',
      '1e',
      '1e+',
      '+1',
      '0x1',
      '1 2',
      'tru',
      'truex',
      'nul',
      '[1,]',
      '{"a": 1,}',
      '[1 2]',
      '{"a" 1}',
      '{"a": }',
      '{a: 1}',
      "{'a': 1}",
      '[1] // note',
      '/* note */ [1]',
      '[\u00a01]',
      '[1]\u00a0',
      '[\ufeff1]',
      '\ufeff\ufeff[1]',
      '[\u000b1]',
      '["a\u0001b"]',
      '["a\tb"]',
      '["a\nb"]',
      String.raw`["\x"]`,
      String.raw`["\u12G4"]`,
      String.raw`["\u12"]`,
      '["abc',
      String.raw`["abc\"]`,
      '["a\\nb\u0001"]',
      '["a\\',
      String.raw`["\u00e9`,
      String.raw`["a\n\x"]`,
      '[1',
      '{"a": 1',
      '[1]]',
    ];
    for (const text of rejected) {
      assert.equal(parseStrictJson(text, MAX_DEPTH), undefined, JSON.stringify(text));
      checkText(text, JSON.stringify(text));
    }
  });

  it('accepts JSON whitespace, line ends and a byte order mark', () => {
    for (const text of ['\ufeff{"a": 1}', ' \t{\r\n"a"\r:\n1\r}\n', '\ufeff\r\n[]\r\n', '"\u2028\u00a0\ufeff"']) {
      assert.notEqual(parseStrictJson(text, MAX_DEPTH), undefined, JSON.stringify(text));
      checkText(text, JSON.stringify(text));
    }
    assert.equal(parseStrictJson('\ufeff{"a": 1}', MAX_DEPTH)?.root.offset, 1);
  });

  it('stops at MAX_DEPTH levels of nesting', () => {
    const deepest = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
    const tooDeep = '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1);
    assert.notEqual(parseStrictJson(deepest, MAX_DEPTH), undefined);
    assert.equal(parseStrictJson(tooDeep, MAX_DEPTH), undefined);
    assert.equal(parseDocument(tooDeep).tooDeep, MAX_DEPTH);
    checkText(deepest, 'deepest');
    checkText(tooDeep, 'too deep');
  });

  it('builds nodes with the properties of jsonc-parser', () => {
    const root = parseStrictJson('{"a": "b"}', MAX_DEPTH)?.root;
    const property = root?.children?.[0];
    assert.deepEqual(Object.keys(root ?? {}), ['type', 'offset', 'length', 'children']);
    assert.deepEqual(Object.keys(property ?? {}), ['type', 'offset', 'length', 'parent', 'children', 'colonOffset']);
    assert.deepEqual(Object.keys(property?.children?.[0] ?? {}), ['type', 'value', 'offset', 'length', 'parent']);
    assert.deepEqual(Object.keys(property?.children?.[1] ?? {}), ['type', 'offset', 'length', 'parent', 'value']);
    assert.deepEqual(Object.keys(parseStrictJson(' 1', MAX_DEPTH)?.root ?? {}), ['type', 'offset', 'length', 'value']);
    assert.equal(property?.colonOffset, 4);
    assert.equal(property?.length, 8);
    assert.equal(root?.length, 10);
  });

  it('finds exact and case-only duplicate keys in offset order', () => {
    // Keys start at offsets 1, 10 (with a nested "x" at 17 and "X" at 25), 34 and 43.
    const text = '{"Id": 1, "id": {"x": 1, "X": 2}, "ID": 3, "Id": 4}';
    assert.deepEqual(duplicateOffsets(text), [
      [10, 1, true],
      [25, 17, true],
      [34, 1, true],
      [43, 1, false],
    ]);
    checkText(text, 'duplicates');
  });

  it('finds duplicates in wide objects', () => {
    // Keys k0 to k39; k35 repeats K3 in other case, k38 repeats k36. The
    // nested object and its sibling hold the same 40 keys, which are no duplicates of the outer ones.
    const keys = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `"${prefix}${i}": ${i}`);
    const wide = (prefix: string): string => {
      const members = keys(prefix, 40);
      members[3] = `"${prefix.toUpperCase()}3": 3`;
      members[38] = `"${prefix}36": 38`;
      return `{${members.join(', ')}}`;
    };
    const text = `{${keys('k', 34).join(', ')}, "inner": ${wide('k')}, "K3": 1, "sibling": ${wide('k')}, "k36": 2}`;
    const doc = parseStrictJson(text, MAX_DEPTH);
    const found = doc?.duplicateKeys.map((entry) => [text.slice(entry.key.offset, entry.key.offset + entry.key.length), entry.first.offset, entry.caseOnly]);
    const at = (from: number, key: string): number => text.indexOf(`"${key}"`, from);
    const inner = text.indexOf('"inner"');
    const sibling = text.indexOf('"sibling"');
    assert.deepEqual(found, [
      ['"k36"', at(inner, 'k36'), false],
      ['"K3"', at(0, 'k3'), true],
      ['"k36"', at(sibling, 'k36'), false],
    ]);
    checkText(text, 'wide objects');
  });

  it('builds the value with null prototypes', () => {
    const text = '{"__proto__": {"polluted": true}, "constructor": 1, "toString": 2, "hasOwnProperty": 3, "a": [{}]}';
    const value = parseStrictJson(text, MAX_DEPTH)?.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), null);
    assert.deepEqual(Object.keys(value), ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, Object.assign(Object.create(null), { polluted: true }));
    assert.equal(value.constructor, 1);
    assert.equal(value.toString, 2);
    assert.equal(Object.getPrototypeOf((value.a as unknown[])[0]), null);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    checkText(text, 'special keys');
  });

  it('keeps the last value of duplicate keys', () => {
    // As with property assignment, a repeated key keeps the place of its first occurrence.
    const text = '{"b": 1, "a": 2, "b": 3, "__proto__": 4, "__proto__": {"c": 5}, "B": 6}';
    const value = parseStrictJson(text, MAX_DEPTH)?.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['b', 'a', '__proto__', 'B']);
    assert.equal(value.b, 3);
    assert.equal(value.B, 6);
    assert.equal(Object.getPrototypeOf(Object.getOwnPropertyDescriptor(value, '__proto__')?.value), null);
    checkText(text, 'duplicate keys');
  });

  it('orders integer keys first in the value', () => {
    const text = '{"b": 1, "2": 2, "10": 3, "1": 4, "01": 5, "-1": 6, "4294967295": 7}';
    const value = parseStrictJson(text, MAX_DEPTH)?.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['1', '2', '10', 'b', '01', '-1', '4294967295']);
    checkText(text, 'integer keys');
  });

  it('builds the values of scalars and arrays', () => {
    assert.equal(parseStrictJson(' "a\\u00e9" ', MAX_DEPTH)?.value, 'aé');
    assert.equal(Object.is(parseStrictJson('-0', MAX_DEPTH)?.value, -0), true);
    assert.equal(parseStrictJson('null', MAX_DEPTH)?.value, null);
    assert.deepEqual(parseStrictJson('[1, [true, "x"], {}]', MAX_DEPTH)?.value, [1, [true, 'x'], Object.create(null)]);
    for (const text of ['-0', '[-0, 0]', '{"a": -0}', 'false', '[]', '{}']) checkText(text, text);
  });

  it('matches getNodeValue on documents with special keys', () => {
    const pick = seededRandom(SEED + 2);
    const keys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'length', '0', '1', '01', 'a', 'A'];
    const writeObject = (depth: number): string => {
      const members: string[] = [];
      for (let i = pick(6); i > 0; i--) {
        const member = depth < 3 && pick(3) === 0 ? writeObject(depth + 1) : writeValue(pick, 4);
        members.push(`${writeString(pickOf(keys, pick), pick)}: ${member}`);
      }
      return `{${members.join(', ')}}`;
    };
    for (let i = 0; i < GENERATED_DOCUMENTS; i++) {
      const text = pick(4) === 0 ? `[${writeObject(0)}, ${writeObject(0)}]` : writeObject(0);
      assert.equal(checkText(text, `document ${i}`), true);
    }
  });

  it('folds keys with toLowerCase', () => {
    // KELVIN SIGN folds to "k", and LATIN CAPITAL LETTER I WITH DOT ABOVE to "i" and a combining dot.
    const text = '{"k": 1, "\u212a": 2, "i\u0307": 3, "\u0130": 4}';
    assert.deepEqual(duplicateOffsets(text), [
      [9, 1, true],
      [26, 17, true],
    ]);
    checkText(text, 'folded keys');
  });
});
