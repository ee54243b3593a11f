// A small scanner that finds, for each offset of a PowerShell script, whether
// it lies in code, in a string, in a here-string or in a comment. It follows
// the rules of PowerShell's tokenizer that decide where these end: doubled
// quotes, backtick escapes, `$( )` subexpressions inside expandable strings,
// here-string terminators at the start of a line, and CR, LF or CRLF as line
// ends. It does not parse statements, so it cannot always tell whether a `#`,
// `<#` or `@'` inside a word opens a comment or a here-string: PowerShell
// decides that by its parsing mode. The stop-parsing token `--%` counts as
// such a place too, although the scan follows the text after it to a line
// end, `|` or `&&`. The scan reports the first such place.

export type ScriptContext =
  | 'code'
  | 'singleQuoted'
  | 'doubleQuoted'
  | 'singleHereString'
  | 'doubleHereString'
  | 'lineComment'
  | 'blockComment'
  /** The name of a braced variable, `${...}`, which ends at `}`. */
  | 'variableName'
  /** The rest of the line after `--%`, which PowerShell passes on as it is. */
  | 'verbatim';

interface Frame {
  context: ScriptContext;
  /** Open parentheses of a `$( )` subexpression; 0 for other frames. */
  depth: number;
  /** For the text after `--%`: whether it is inside double quotes. */
  quoted?: boolean;
  /**
   * For a `$( )` inside a string or a word: PowerShell copies its text, with
   * `""` and `` `" `` turned into `"`, and parses the copy.
   */
  copied?: boolean;
}

const SINGLE_QUOTE = /['\u2018\u2019\u201A\u201B]/;
const DOUBLE_QUOTE = /["\u201C\u201D\u201E]/;
// After these characters a new token starts in both of PowerShell's parsing
// modes, so a `#`, `<#` or `@'` there opens a comment or a here-string. Other
// white space, such as U+00A0 or U+FEFF, is not listed, so a place after it
// counts as uncertain.
const TOKEN_START = /[ \t\f\v\r\n;|&(){},]/;
// After these characters a token starts in expression mode only: in argument
// mode `Name=#x` is one word. The scan reads a comment there, as in expression mode.
const EXPRESSION_TOKEN_START = /[[\]=+!<>]/;
// An assignment to a variable, after which PowerShell reads an expression, so
// that `$body=@"` opens a here-string.
const ASSIGNED_VARIABLE = /(?:^|[\s;({])\$[\p{L}\p{N}_:]+\s*[+]?=$/u;
// Brackets that end a token in expression mode but not a word in argument mode.
const CLOSING_BRACKET = /[)}]/;
// The stop-parsing token, with the dashes that PowerShell reads as `-`.
const STOP_PARSING = /^[-\u2013\u2014\u2015]{2}%$/;

function isSingleQuote(ch: string | undefined): boolean {
  return ch !== undefined && SINGLE_QUOTE.test(ch);
}

function isDoubleQuote(ch: string | undefined): boolean {
  return ch !== undefined && DOUBLE_QUOTE.test(ch);
}

/** A place where the scan chose one reading and PowerShell may choose another. */
export interface UncertainReading {
  offset: number;
  /** The characters read there: `#`, `<#`, `@'`, `@"` or `--%`. */
  text: string;
}

/** The result of scanning a script. */
export interface ScriptScan {
  /** The context of every offset of the script, and of the offset just past its end. */
  contexts: ScriptContext[];
  /** The first place whose reading depends on PowerShell's parsing mode; the contexts after it may be wrong. */
  uncertain?: UncertainReading;
  /**
   * For every offset, whether it lies inside a `$( )` subexpression. Inside a
   * string or a bare word PowerShell finds the end of one by counting
   * parentheses and removes backtick escapes before it parses the inside.
   */
  inSubexpression: boolean[];
}

/** Returns the context of every offset of the script, and of the offset just past its end. */
export function scriptContexts(script: string): ScriptContext[] {
  return scanScript(script).contexts;
}

/**
 * Scans the script for the context of every offset and the first uncertain
 * reading. Parentheses inside `balanced`, spans of text checked to have
 * balanced parentheses, are no uncertain reading.
 */
export function scanScript(script: string, balanced: ReadonlyArray<readonly [number, number]> = []): ScriptScan {
  const contexts: ScriptContext[] = new Array<ScriptContext>(script.length + 1);
  const inSubexpression: boolean[] = new Array<boolean>(script.length + 1);
  const state: ScanState = { stack: [{ context: 'code', depth: 0 }], balanced };
  let i = 0;
  while (i < script.length) {
    const frame = state.stack[state.stack.length - 1] as Frame;
    const nested = state.stack.some((open) => open.copied === true);
    const step = scanStep(script, i, frame, state);
    // The characters of a step belong to the frame that was open when it began.
    contexts.fill(frame.context, i, i + step);
    inSubexpression.fill(nested, i, i + step);
    i += step;
  }
  contexts[script.length] = (state.stack[state.stack.length - 1] as Frame).context;
  inSubexpression[script.length] = state.stack.some((open) => open.copied === true);
  return state.uncertain ? { contexts, uncertain: state.uncertain, inSubexpression } : { contexts, inSubexpression };
}

interface ScanState {
  stack: Frame[];
  uncertain?: UncertainReading;
  balanced: ReadonlyArray<readonly [number, number]>;
}

// Consumes the token part at `i`, updates the frame stack and returns the number of characters consumed.
function scanStep(script: string, i: number, frame: Frame, state: ScanState): number {
  const stack = state.stack;
  if (stack.some((open) => open.copied === true)) {
    noteCopiedQuote(script, i, state);
    // PowerShell finds the end of the copied text by counting every parenthesis, also in strings and comments.
    const parenthesis = script[i] === '(' || script[i] === ')';
    if (parenthesis && frame.context !== 'code' && !state.balanced.some(([start, end]) => i >= start && i < end)) {
      noteUncertain(state, i, script[i] as string);
    }
  }
  switch (frame.context) {
    case 'code':
      return scanCode(script, i, frame, state);
    case 'singleQuoted':
      return scanSingleQuoted(script, i, stack);
    case 'doubleQuoted':
      return scanDoubleQuoted(script, i, state);
    case 'singleHereString':
      return endsHereString(script, i, isSingleQuote) ? popFrame(stack, 2) : 1;
    case 'doubleHereString':
      return scanDoubleHereString(script, i, state);
    case 'lineComment':
      return isLineEnd(script[i]) ? popFrame(stack, 0) : 1;
    case 'blockComment':
      return script.startsWith('#>', i) ? popFrame(stack, 2) : 1;
    case 'variableName':
      if (script[i] === '`') return 2;
      return script[i] === '}' ? popFrame(stack, 1) : 1;
    case 'verbatim':
      return scanVerbatim(script, i, frame, stack);
  }
}

// The text after `--%` ends at a line end, or at `|` or `&&` outside double quotes.
function scanVerbatim(script: string, i: number, frame: Frame, stack: Frame[]): number {
  const ch = script[i];
  if (isLineEnd(ch)) return popFrame(stack, 0);
  if (isDoubleQuote(ch)) frame.quoted = frame.quoted !== true;
  else if (frame.quoted !== true && (ch === '|' || script.startsWith('&&', i))) return popFrame(stack, 0);
  return 1;
}

function scanCode(script: string, i: number, frame: Frame, state: ScanState): number {
  const stack = state.stack;
  const ch = script[i] as string;
  if (ch === '`') {
    // An escaped dash may still start the stop-parsing token.
    if (STOP_PARSING.test(script.slice(i + 1, i + 4))) noteUncertain(state, i + 1, '--%');
    return 2;
  }
  if (script.startsWith('${', i)) return pushFrame(stack, 'variableName', 2);
  if (script.startsWith('$(', i)) {
    // At the start of a token `$(` opens an ordinary subexpression. Inside a
    // word, even after `=` as in `Name=$(...)`, PowerShell copies its text.
    const copied = !startsToken(script, i);
    stack.push({ context: 'code', depth: 1, copied });
    return 2;
  }
  if (STOP_PARSING.test(script.slice(i, i + 3)) && (i + 3 === script.length || /\s/.test(script[i + 3] as string))) {
    noteUncertain(state, i, '--%');
    if (startsToken(script, i)) return pushFrame(stack, 'verbatim', 3);
  }
  // A string whose value is --% also stops parsing in argument mode.
  if ((isSingleQuote(ch) || isDoubleQuote(ch)) && STOP_PARSING.test(script.slice(i + 1, i + 4)) && quoteOfSameKind(ch, script[i + 4])) {
    noteUncertain(state, i, '--%');
  }
  if (script.startsWith('<#', i)) {
    if (!startsToken(script, i) || CLOSING_BRACKET.test(script[i - 1] ?? '')) noteUncertain(state, i, '<#');
    return pushFrame(stack, 'blockComment', 2);
  }
  if (ch === '#') {
    // After `)` or `}` a word such as `Report-$(Get-Date)#1` may go on.
    if (startsToken(script, i) && !CLOSING_BRACKET.test(script[i - 1] ?? '')) return pushFrame(stack, 'lineComment', 1);
    if (CLOSING_BRACKET.test(script[i - 1] ?? '')) {
      noteUncertain(state, i, '#');
      return pushFrame(stack, 'lineComment', 1);
    }
    const previous = script[i - 1] as string;
    // In a command's argument, as in a URL, `#` is part of the word. After a
    // label, a member name or a number it starts a comment. The scan cannot
    // tell these apart, so any `#` inside a word is uncertain.
    noteUncertain(state, i, '#');
    if (EXPRESSION_TOKEN_START.test(previous)) return pushFrame(stack, 'lineComment', 1);
    return 1;
  }
  if (ch === '@') {
    const header = hereStringHeader(script, i);
    if (header) {
      const certain = startsToken(script, i) || ASSIGNED_VARIABLE.test(script.slice(Math.max(0, i - 200), i));
      if (!certain || header.unusualBlank) noteUncertain(state, i, script.slice(i, i + 2));
      return pushFrame(stack, header.context, header.length);
    }
  }
  if (isSingleQuote(ch)) return pushFrame(stack, 'singleQuoted', 1);
  if (isDoubleQuote(ch)) return pushFrame(stack, 'doubleQuoted', 1);
  if (frame.depth > 0 && ch === '(') frame.depth++;
  if (frame.depth > 0 && ch === ')') {
    frame.depth--;
    if (frame.depth === 0) return popFrame(stack, 1);
  }
  return 1;
}

function scanSingleQuoted(script: string, i: number, stack: Frame[]): number {
  if (!isSingleQuote(script[i])) return 1;
  // Two quotation marks in a row stand for one and do not end the string.
  return isSingleQuote(script[i + 1]) ? 2 : popFrame(stack, 1);
}

function scanDoubleQuoted(script: string, i: number, state: ScanState): number {
  const stack = state.stack;
  const escape = scanEscapeOrSubexpression(script, i, stack);
  if (escape > 0) return escape;
  if (!isDoubleQuote(script[i])) return 1;
  // Two quotation marks in a row stand for one and do not end the string.
  return isDoubleQuote(script[i + 1]) ? 2 : popFrame(stack, 1);
}

function scanDoubleHereString(script: string, i: number, state: ScanState): number {
  const escape = scanEscapeOrSubexpression(script, i, state.stack);
  if (escape > 0) return escape;
  if (!endsHereString(script, i, isDoubleQuote)) return 1;
  // PowerShell may let a backtick at the end of the line before take in its
  // line end, and then this is no end of the here-string. The scan ends the
  // here-string and notes the place.
  const lineEnd = script[i - 1] === '\n' && script[i - 2] === '\r' ? i - 2 : i - 1;
  if (script[lineEnd - 1] === '`') noteUncertain(state, i, script.slice(i, i + 2));
  return popFrame(state.stack, 2);
}

// In an expandable string a backtick escapes the next character, `${` opens a
// variable name and `$(` opens a subexpression.
function scanEscapeOrSubexpression(script: string, i: number, stack: Frame[]): number {
  if (script[i] === '`') return 2;
  if (script.startsWith('${', i)) return pushFrame(stack, 'variableName', 2);
  if (!script.startsWith('$(', i)) return 0;
  stack.push({ context: 'code', depth: 1, copied: true });
  return 2;
}

// In the copy of a `$( )` that PowerShell parses, `""` and `` `" `` are one
// quotation mark, where the scan reads an empty string or an escape.
function noteCopiedQuote(script: string, i: number, state: ScanState): void {
  if (isDoubleQuote(script[i]) && isDoubleQuote(script[i + 1])) noteUncertain(state, i, script.slice(i, i + 2));
  if (script[i] !== '`') return;
  // The last of a run of backticks pairs with the quotation mark after the run.
  let end = i;
  while (script[end] === '`') end++;
  if (isDoubleQuote(script[end])) noteUncertain(state, i, `\`${script[end]}`);
}

// Whether a token starts at `i` in both parsing modes. A blank that a
// backtick escapes belongs to the word before it.
function startsToken(script: string, i: number): boolean {
  if (i === 0) return true;
  if (!TOKEN_START.test(script[i - 1] as string)) return false;
  let backticks = 0;
  for (let k = i - 2; k >= 0 && script[k] === '`'; k--) backticks++;
  return backticks % 2 === 0;
}

function noteUncertain(state: ScanState, offset: number, text: string): void {
  state.uncertain ??= { offset, text };
}

function isLineEnd(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}

// A here-string opens with `@'` or `@"` followed only by blanks up to the end of the line.
function hereStringHeader(script: string, i: number): { context: ScriptContext; length: number; unusualBlank: boolean } | undefined {
  const quote = script[i + 1];
  const context = isSingleQuote(quote) ? 'singleHereString' : isDoubleQuote(quote) ? 'doubleHereString' : undefined;
  if (!context) return undefined;
  const rest = /^([^\S\r\n]|\u0085)*(?:\r\n|\r|\n)/.exec(script.slice(i + 2, i + 2 + 200));
  if (!rest) return undefined;
  // Blanks other than space and tab may or may not be white space to PowerShell.
  return { context, length: 2 + rest[0].length, unusualBlank: /[^ \t\r\n]/.test(rest[0]) };
}

function quoteOfSameKind(open: string, close: string | undefined): boolean {
  return isSingleQuote(open) ? isSingleQuote(close) : isDoubleQuote(close);
}

// A here-string ends with its quotation mark and `@` at the very start of a line.
function endsHereString(script: string, i: number, isQuote: (ch: string | undefined) => boolean): boolean {
  return isLineEnd(script[i - 1]) && isQuote(script[i]) && script[i + 1] === '@';
}

function pushFrame(stack: Frame[], context: ScriptContext, length: number): number {
  stack.push({ context, depth: 0 });
  return length;
}

function popFrame(stack: Frame[], length: number): number {
  if (stack.length > 1) stack.pop();
  return length;
}
