// A small scanner that finds, for each offset of a PowerShell script, whether
// it lies in code, in a string, in a here-string or in a comment. It follows
// the rules of PowerShell's tokenizer that decide where these end: doubled
// quotes, backtick escapes, `$( )` subexpressions inside expandable strings,
// here-string terminators at the start of a line, and CR, LF or CRLF as line
// ends. It does not parse statements, so it cannot always tell whether a `#`,
// `<#` or `@'` inside a word opens a comment or a here-string: PowerShell
// decides that by its parsing mode. Nor does it follow the text after the
// stop-parsing token `--%`, which ends at a line end or at a `|` outside
// double quotes. The scan reports the first such place.

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
  /** Open parentheses of a `$( )` subexpression inside a string; 0 for other frames. */
  depth: number;
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
}

/** Returns the context of every offset of the script, and of the offset just past its end. */
export function scriptContexts(script: string): ScriptContext[] {
  return scanScript(script).contexts;
}

/** Scans the script for the context of every offset and the first uncertain reading. */
export function scanScript(script: string): ScriptScan {
  const contexts: ScriptContext[] = new Array<ScriptContext>(script.length + 1);
  const state: ScanState = { stack: [{ context: 'code', depth: 0 }] };
  let i = 0;
  while (i < script.length) {
    const frame = state.stack[state.stack.length - 1] as Frame;
    const step = scanStep(script, i, frame, state);
    // The characters of a step belong to the frame that was open when it began.
    contexts.fill(frame.context, i, i + step);
    i += step;
  }
  contexts[script.length] = (state.stack[state.stack.length - 1] as Frame).context;
  return state.uncertain ? { contexts, uncertain: state.uncertain } : { contexts };
}

interface ScanState {
  stack: Frame[];
  uncertain?: UncertainReading;
}

// Consumes the token part at `i`, updates the frame stack and returns the number of characters consumed.
function scanStep(script: string, i: number, frame: Frame, state: ScanState): number {
  const stack = state.stack;
  switch (frame.context) {
    case 'code':
      return scanCode(script, i, frame, state);
    case 'singleQuoted':
      return scanSingleQuoted(script, i, stack);
    case 'doubleQuoted':
      return scanDoubleQuoted(script, i, stack);
    case 'singleHereString':
      return endsHereString(script, i, isSingleQuote) ? popFrame(stack, 2) : 1;
    case 'doubleHereString':
      return scanDoubleHereString(script, i, stack);
    case 'lineComment':
      return isLineEnd(script[i]) ? popFrame(stack, 0) : 1;
    case 'blockComment':
      return script.startsWith('#>', i) ? popFrame(stack, 2) : 1;
    case 'variableName':
      if (script[i] === '`') return 2;
      return script[i] === '}' ? popFrame(stack, 1) : 1;
    case 'verbatim':
      return isLineEnd(script[i]) ? popFrame(stack, 0) : 1;
  }
}

function scanCode(script: string, i: number, frame: Frame, state: ScanState): number {
  const stack = state.stack;
  const ch = script[i] as string;
  if (ch === '`') return 2;
  if (script.startsWith('${', i)) return pushFrame(stack, 'variableName', 2);
  if (script.startsWith('--%', i) && startsToken(script, i) && (i + 3 === script.length || TOKEN_START.test(script[i + 3] as string))) {
    noteUncertain(state, i, '--%');
    return pushFrame(stack, 'verbatim', 3);
  }
  if (script.startsWith('<#', i)) {
    if (!startsToken(script, i)) noteUncertain(state, i, '<#');
    return pushFrame(stack, 'blockComment', 2);
  }
  if (ch === '#') {
    if (startsToken(script, i)) return pushFrame(stack, 'lineComment', 1);
    noteUncertain(state, i, '#');
    if (EXPRESSION_TOKEN_START.test(script[i - 1] as string)) return pushFrame(stack, 'lineComment', 1);
    return 1;
  }
  if (ch === '@') {
    const header = hereStringHeader(script, i);
    if (header) {
      if (!startsToken(script, i)) noteUncertain(state, i, script.slice(i, i + 2));
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

function scanDoubleQuoted(script: string, i: number, stack: Frame[]): number {
  const escape = scanEscapeOrSubexpression(script, i, stack);
  if (escape > 0) return escape;
  if (!isDoubleQuote(script[i])) return 1;
  // Two quotation marks in a row stand for one and do not end the string.
  return isDoubleQuote(script[i + 1]) ? 2 : popFrame(stack, 1);
}

function scanDoubleHereString(script: string, i: number, stack: Frame[]): number {
  const escape = scanEscapeOrSubexpression(script, i, stack);
  if (escape > 0) return escape;
  return endsHereString(script, i, isDoubleQuote) ? popFrame(stack, 2) : 1;
}

// In an expandable string a backtick escapes the next character, `${` opens a
// variable name and `$(` opens a subexpression.
function scanEscapeOrSubexpression(script: string, i: number, stack: Frame[]): number {
  if (script[i] === '`') return 2;
  if (script.startsWith('${', i)) return pushFrame(stack, 'variableName', 2);
  if (!script.startsWith('$(', i)) return 0;
  stack.push({ context: 'code', depth: 1 });
  return 2;
}

// Whether a token starts at `i` in both parsing modes.
function startsToken(script: string, i: number): boolean {
  return i === 0 || TOKEN_START.test(script[i - 1] as string);
}

function noteUncertain(state: ScanState, offset: number, text: string): void {
  state.uncertain ??= { offset, text };
}

function isLineEnd(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}

// A here-string opens with `@'` or `@"` followed only by blanks up to the end of the line.
function hereStringHeader(script: string, i: number): { context: ScriptContext; length: number } | undefined {
  const quote = script[i + 1];
  const context = isSingleQuote(quote) ? 'singleHereString' : isDoubleQuote(quote) ? 'doubleHereString' : undefined;
  if (!context) return undefined;
  const rest = /^[ \t]*(?:\r\n|\r|\n)/.exec(script.slice(i + 2, i + 2 + 200));
  return rest ? { context, length: 2 + rest[0].length } : undefined;
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
