import { type ElementResult, type FileResult, type LintOptions, lintElement, lintText } from './lint';
import { lineEnd, MAX_DEPTH, skipString, type Span } from './parse';
import type { IdOccurrence } from './rules/rule';
import { LineIndex } from './text';
import type { Finding } from './types';

/** The elements of the last catalogue linted, and each one's result once it is linted on its own. */
interface CatalogueState {
  text: string;
  spans: Span[];
  /** Undefined for an element not linted yet, or with a syntax finding. */
  results: Array<ElementResult | undefined>;
}

/**
 * Lints successive versions of one document, re-linting only the catalogue
 * elements whose text changed since the previous version.
 *
 * A catalogue whose top level is a plain JSON array of objects, and whose
 * elements have no syntax findings, is linted element by element. Each
 * element's result is kept with offsets relative to it. On the next version,
 * the elements before the first changed character and after the last one keep
 * their results, shifted to where they now start, unless a rule asked for the
 * next free id of the workspace for them. The result equals
 * `lintText` on the whole text. Any other document, or a catalogue with a
 * syntax finding anywhere, is linted whole by `lintText`.
 */
export class IncrementalLinter {
  private state: CatalogueState | undefined;
  private options: LintOptions | undefined;
  private byElement = false;

  /** Tells whether the last lint went element by element, not over the whole text. */
  get lastLintByElement(): boolean {
    return this.byElement;
  }

  lint(text: string, options: LintOptions): FileResult {
    if (!this.options || !sameOptions(this.options, options)) this.state = undefined;
    this.options = options;
    this.byElement = false;
    const state = this.state ? rescan(this.state, text) : scan(text);
    this.state = state;
    if (!state) return lintText(text, options);
    for (let i = 0; i < state.spans.length; i++) {
      const known = state.results[i];
      if (known && !known.usesWorkspace) continue;
      const span = state.spans[i] as Span;
      const result = lintElement(text.slice(span.offset, span.offset + span.length), options);
      // The elements after a broken one stay unlinted until it is fixed.
      if (!result) return lintText(text, options);
      state.results[i] = result;
    }
    this.byElement = true;
    return assemble(text, state.spans, state.results as ElementResult[], options);
  }
}

function sameOptions(a: LintOptions, b: LintOptions): boolean {
  const sameFixes = (a.fixes !== false) === (b.fixes !== false);
  return a.file === b.file && a.config === b.config && a.overrides === b.overrides && sameFixes;
}

function scan(text: string): CatalogueState | undefined {
  const spans: Span[] = [];
  const end = scanElements(text, undefined, (span) => {
    spans.push(span);
    return false;
  });
  if (end !== 'complete') return undefined;
  return { text, spans, results: spans.map(() => undefined) };
}

// Scans the new text again from the first element the edit reaches, until an
// element starts in the unchanged tail where an old element started: from
// there on, the text and so the elements are the old ones, shifted.
function rescan(old: CatalogueState, text: string): CatalogueState | undefined {
  const prefix = commonPrefixLength(old.text, text);
  const suffix = commonSuffixLength(old.text, text, Math.min(old.text.length, text.length) - prefix);
  const shift = text.length - old.text.length;
  const tailStart = text.length - suffix;
  let unchangedCount = 0;
  while (unchangedCount < old.spans.length && spanEnd(old.spans[unchangedCount] as Span) <= prefix) unchangedCount++;
  const spans = old.spans.slice(0, unchangedCount);
  const results = old.results.slice(0, unchangedCount);
  const after = unchangedCount === 0 ? undefined : spanEnd(spans[unchangedCount - 1] as Span);
  const end = scanElements(text, after, (span) => {
    const index = span.offset >= tailStart ? spanIndexAt(old.spans, span.offset - shift) : -1;
    if (index < 0) {
      spans.push(span);
      results.push(undefined);
      return false;
    }
    for (let i = index; i < old.spans.length; i++) {
      const { offset, length } = old.spans[i] as Span;
      spans.push({ offset: offset + shift, length });
      results.push(old.results[i]);
    }
    return true;
  });
  if (end === 'invalid') return undefined;
  return { text, spans, results };
}

function spanEnd(span: Span): number {
  return span.offset + span.length;
}

// Returns the index of the span that starts at `offset`, or -1; spans are sorted.
function spanIndexAt(spans: Span[], offset: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = (spans[mid] as Span).offset;
    if (start === offset) return mid;
    if (start < offset) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

// Compares whole chunks first, because native string comparison is much
// faster than a loop over characters.
const CHUNK = 4096;

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

// Returns the length of the common tail of `a` and `b`, at most `max`.
function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}

// Shifts the elements' findings and summaries to document offsets and resolves their ranges.
function assemble(text: string, spans: Span[], results: ElementResult[], options: LintOptions): FileResult {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const controls: FileResult['controls'] = [];
  const occurrence = (found: IdOccurrence, shift: number): IdOccurrence => {
    const offset = found.offset + shift;
    return { id: found.id, offset, length: found.length, range: lines.rangeAt(offset, found.length) };
  };
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    const shift = span.offset;
    const { findings: elementFindings, summary } = results[i] as ElementResult;
    for (const { rule, severity, message, offset, length, fixes } of elementFindings) {
      const finding: Finding = { rule, severity, message, range: lines.rangeAt(offset + shift, length), offset: offset + shift, length };
      if (fixes) {
        // Targets are JSON paths from the root, which in the catalogue starts at the element's index.
        finding.fixes = fixes.map((fix) => ({
          ...fix,
          edits: fix.edits.map((edit) => ({ ...edit, offset: edit.offset + shift })),
          targets: fix.targets.map((target) => [i, ...target]),
        }));
      }
      findings.push(finding);
    }
    controls.push({
      ...summary,
      // The element's span is its control object's node.
      range: lines.rangeAt(span.offset, span.length),
      ...(summary.id ? { id: occurrence(summary.id, shift) } : {}),
      citations: summary.citations.map((citation) => occurrence(citation, shift)),
    });
  }
  return { file: options.file, kind: 'catalogue', findings, controls };
}

type ScanEnd = 'complete' | 'stopped' | 'invalid';

/**
 * Scans the elements of a catalogue whose top level is only `[`, objects,
 * commas, `]` and JSON whitespace, calling `visit` with each element's span
 * until it returns true. Starts at the beginning of the text, or just past
 * the element that ends at `after`. Returns 'invalid' for any other top level:
 * a trailing comma, a comment or another value, or an element nested too deep
 * to parse. Strings and comments are skipped as the parser's lexer skips them.
 */
function scanElements(text: string, after: number | undefined, visit: (span: Span) => boolean): ScanEnd {
  let i: number;
  if (after === undefined) {
    i = skipWhitespace(text, 0);
    if (text.charCodeAt(i) !== 91) return 'invalid';
    i = skipWhitespace(text, i + 1);
    if (text.charCodeAt(i) === 93) return endOfCatalogue(text, i);
  } else {
    i = skipWhitespace(text, after);
    if (text.charCodeAt(i) === 93) return endOfCatalogue(text, i);
    if (text.charCodeAt(i) !== 44) return 'invalid';
    i = skipWhitespace(text, i + 1);
  }
  for (;;) {
    if (text.charCodeAt(i) !== 123) return 'invalid';
    const end = objectEnd(text, i);
    if (end === undefined) return 'invalid';
    if (visit({ offset: i, length: end - i })) return 'stopped';
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === 93) return endOfCatalogue(text, i);
    if (text.charCodeAt(i) !== 44) return 'invalid';
    i = skipWhitespace(text, i + 1);
  }
}

/** Returns the spans of the elements of a catalogue, or undefined unless its top level is as `scanElements` requires. */
export function catalogueElements(text: string): Span[] | undefined {
  return scan(text)?.spans;
}

function endOfCatalogue(text: string, closingBracket: number): ScanEnd {
  return skipWhitespace(text, closingBracket + 1) === text.length ? 'complete' : 'invalid';
}

function isJsonWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
  return i;
}

// Returns the offset just past the bracket that closes the object opened at
// `start`, or undefined when it is not closed or nests MAX_DEPTH levels, which
// the element's place inside the array would take past the parser's limit.
function objectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      i = skipString(text, i + 1);
      continue;
    }
    if (code === 47 && text.charCodeAt(i + 1) === 47) {
      i = lineEnd(text, i);
      continue;
    }
    if (code === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (code === 123 || code === 91) {
      depth++;
      if (depth >= MAX_DEPTH) return undefined;
    } else if (code === 125 || code === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return undefined;
}
