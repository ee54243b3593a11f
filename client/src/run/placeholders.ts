// Filling in the placeholders of a script template (`<Server>`, 'DatabaseName')
// with values that the user enters. Each value is escaped for its place in
// the script, so it reaches PowerShell as data and never as code:
//
// - in code, a value becomes a single-quoted string literal, in which
//   PowerShell expands nothing (in argument mode `\\<Server>\share` becomes
//   `\\'ex01'\share`, which PowerShell joins into one argument);
// - inside a single-quoted string, its quotation marks are doubled;
// - inside a double-quoted string or here-string, backticks escape `` ` ``, `$` and `"`;
// - inside a single-quoted here-string and in comments, it is inserted as it is,
//   unless it would end the here-string or comment, alone or with the text
//   around it;
// - after `--%`, an inert value (see below) is inserted as it is.
//
// A value is rejected inside a `${...}` variable name, and where a backtick,
// `$` or variable name before the placeholder would take in its first
// character. It is rejected when it is or forms `--%`, or makes a comment a
// `#requires` statement. Inside a `$( )` within a string or a word its
// parentheses must pair up. A template that runs text as code (Invoke-Expression
// and the like) is not filled in at all.
//
// Some places may be read in two ways, depending on PowerShell's parsing mode
// (see scanScript). After the first such place the contexts may be wrong. A
// value there may contain only characters that are inert in every context,
// and in a comment it is quoted as in code.
//
// Finally the result is scanned again. It is rejected unless every value
// begins and ends in the context of its placeholder.
//
// A quoted sample value such as 'DatabaseName' is replaced inside its quotes.
import type { Placeholder } from '../../../server/src/core/template';
import { escapeDoubleQuoted, escapeSingleQuoted, findControlCharacter, singleQuotedLiteral } from './powershell-quoting';
import { type ScriptContext, type ScriptScan, scanScript, type UncertainReading } from './script-context';

/** The occurrences of one placeholder name in a script. */
export interface PlaceholderGroup {
  /** `<Server>` for an angle-bracket placeholder, `DatabaseName` for a quoted sample value. */
  name: string;
  /** 0-based lines of the script on which the placeholder occurs. */
  lines: number[];
}

export type Substitution = { script: string } | { problems: string[] };

const ANGLE_PLACEHOLDER = /^<[A-Za-z][\w.-]*>$/;
const SINGLE_HERE_STRING_END = /^\s*['\u2018\u2019\u201A\u201B]@/;
const DOUBLE_HERE_STRING_END = /^\s*["\u201C\u201D\u201E]@/;
// Contexts in which a backtick escapes the next character and `$` starts a variable or subexpression.
const EXPANDING_CONTEXTS: ReadonlySet<ScriptContext> = new Set(['code', 'doubleQuoted', 'doubleHereString']);
const CLOSED_ENDINGS: ReadonlySet<ScriptContext> = new Set(['code', 'lineComment', 'verbatim']);
const STRING_CONTEXTS: ReadonlySet<ScriptContext> = new Set(['singleQuoted', 'doubleQuoted', 'singleHereString', 'doubleHereString']);
// Letters, digits and the punctuation of host names, paths and mail addresses,
// none of which ends a string or comment or starts code in PowerShell. A
// leading - or @ would make a parameter name or a splatted variable.
const INERT_VALUE = /^(?![-@])[\p{L}\p{N}._\-\\/:@]+$/u;
const STOP_PARSING_VALUE = /^[-\u2013\u2014\u2015]{2}%$/;
// Commands that run text as PowerShell, C# or cmd.exe code, where no escaping
// of a value for the template's own string helps: Invoke-Expression, script
// blocks made from text, string expansion, Add-Type with source code, and
// another PowerShell or cmd.exe.
const CODE_FROM_TEXT =
  /\b(?:Invoke-Expression|iex|InvokeScript|NewScriptBlock|ExpandString|AddScript)\b|ScriptBlock\]::Create|\bAdd-Type\b(?![^\r\n]*-AssemblyName)|\b(?:powershell|pwsh)(?:\.exe)?\b|\bcmd(?:\.exe)?\b[^\r\n]*\s\/[ck]\b/gi;

// Returns the first match of CODE_FROM_TEXT that is code, not part of a comment or string.
function findEvaluator(script: string, contexts: readonly ScriptContext[]): { index: number; text: string } | undefined {
  for (const match of script.matchAll(CODE_FROM_TEXT)) {
    const index = match.index ?? 0;
    if (contexts[index] === 'code' || contexts[index] === 'verbatim') return { index, text: match[0].trim() };
  }
  return undefined;
}
// `""` or `` `" `` inside `$( )`, which PowerShell reads as one quotation mark.
const COPIED_QUOTE = /^[`"\u201C\u201D\u201E]["\u201C\u201D\u201E]$/;
// A variable name that runs up to the end of the text, and a character that would continue it.
const VARIABLE_BEFORE = /\$[\p{L}\p{N}_?:]*$/u;
const VARIABLE_CHARACTER = /^[\p{L}\p{N}_?:]/u;

/** Returns the name under which a placeholder's value is requested and remembered. */
export function placeholderName(text: string): string {
  return isQuotedSample(text) ? text.slice(1, -1) : text;
}

function isQuotedSample(text: string): boolean {
  return text.startsWith("'") || text.startsWith('"');
}

/** Groups placeholders by name, in the order of their first occurrence. */
export function groupPlaceholders(placeholders: readonly Placeholder[]): PlaceholderGroup[] {
  const groups = new Map<string, PlaceholderGroup>();
  for (const placeholder of placeholders) {
    const name = placeholderName(placeholder.text);
    const group = groups.get(name) ?? { name, lines: [] };
    if (!group.lines.includes(placeholder.line)) group.lines.push(placeholder.line);
    groups.set(name, group);
  }
  return [...groups.values()];
}

/** Returns why a value cannot fill a placeholder, or undefined when it can. */
export function placeholderValueProblem(value: string): string | undefined {
  if (value.trim() === '') return 'The value is empty.';
  const control = findControlCharacter(value);
  if (control !== undefined) {
    return 'The value contains a line break or another control character; enter a single line.';
  }
  if (ANGLE_PLACEHOLDER.test(value.trim())) return `The value ${value.trim()} is still a placeholder.`;
  if (STOP_PARSING_VALUE.test(value.trim())) return 'The value --% would make PowerShell stop parsing the rest of the line.';
  return undefined;
}

/**
 * Replaces every placeholder of the script with its value from `values`
 * (keyed by placeholderName). Returns the problems instead when a value is
 * missing, invalid or cannot be escaped for its place.
 */
export function substitutePlaceholders(
  script: string,
  placeholders: readonly Placeholder[],
  values: ReadonlyMap<string, string>,
): Substitution {
  const scan = scanScript(script);
  const { contexts, uncertain, inSubexpression } = scan;
  const ending = contexts[script.length] ?? 'code';
  if (placeholders.length > 0 && !CLOSED_ENDINGS.has(ending)) {
    // PowerShell would not parse such a template, or reads it otherwise than the scan.
    return { problems: ['The template ends inside an open string, here-string, comment or variable name, so its placeholders cannot be filled in safely.'] };
  }
  const evaluator = placeholders.length > 0 ? findEvaluator(script, contexts) : undefined;
  if (evaluator) {
    const line = lineNumberAt(script, evaluator.index);
    return {
      problems: [`The template runs text as code (${evaluator.text} on line ${line}), so a value could run as code there; fill in this template by hand.`],
    };
  }
  const sorted = [...placeholders].sort((a, b) => a.offset - b.offset);
  const problems: string[] = [];
  const spans: Span[] = [];
  let output = '';
  let copied = 0;
  for (const placeholder of sorted) {
    if (placeholder.offset < copied) continue;
    const name = placeholderName(placeholder.text);
    const where = `${name} on line ${placeholder.line + 1}`;
    const value = values.get(name);
    const valueProblem = value === undefined ? 'No value was entered.' : placeholderValueProblem(value);
    if (value === undefined || valueProblem !== undefined) {
      problems.push(`${where}: ${valueProblem ?? ''}`);
      continue;
    }
    // A quoted sample keeps its quotes; only the text between them is replaced.
    const quoted = isQuotedSample(placeholder.text);
    const start = quoted ? placeholder.offset + 1 : placeholder.offset;
    const end = placeholder.offset + placeholder.length - (quoted ? 1 : 0);
    const context = contexts[start] ?? 'code';
    // The text before includes the values already inserted, so that two
    // placeholders side by side are checked together.
    const before = output + script.slice(copied, start);
    const afterUncertain = uncertain !== undefined && start > uncertain.offset;
    const uncertainText = afterUncertain ? uncertainProblem(script, uncertain) : undefined;
    const nestedProblem = inSubexpression[start] ? subexpressionProblem(value, context) : undefined;
    const replacement = nestedProblem ? { problem: nestedProblem } : replacementFor(before, lineAfter(script, end), value, context, uncertainText, quoted);
    if ('problem' in replacement) {
      problems.push(`${where}: ${replacement.problem}`);
      continue;
    }
    spans.push({ start, end, outputStart: before.length, outputEnd: before.length + replacement.text.length });
    output = before + replacement.text;
    copied = end;
  }
  if (problems.length > 0) return { problems };
  const result = output + script.slice(copied);
  if (!readsAlike(scan, script.length, result, spans)) {
    return { problems: ['The values would change how PowerShell reads the script around them; check them for quotes, # and @.'] };
  }
  return { script: result };
}

// Inside `$( )` in a string or a bare word, PowerShell finds the end by
// counting parentheses, and turns `" and "" into " before it parses a
// double-quoted string there.
function subexpressionProblem(value: string, context: ScriptContext): string | undefined {
  if ((context === 'doubleQuoted' || context === 'doubleHereString') && /["\u201C\u201D\u201E`$]/.test(value)) {
    return 'Inside $( ), PowerShell removes the escapes of a double-quoted string before it reads it, so the value may not contain ", ` or $.';
  }
  if (!balancedParentheses(value)) {
    return 'Inside $( ), PowerShell finds the end by counting parentheses, so each ( in the value needs a ) after it, and each ) a ( before it.';
  }
  return undefined;
}

function balancedParentheses(value: string): boolean {
  let open = 0;
  for (const ch of value) {
    if (ch === '(') open++;
    else if (ch === ')' && --open < 0) return false;
  }
  return open === 0;
}

/** A placeholder's place in the template and the place of its value in the result. */
interface Span {
  start: number;
  end: number;
  outputStart: number;
  outputEnd: number;
}

// Scans the result again: each value must begin and end in the context of its
// placeholder, the script must end in the same context, and any uncertain
// reading must be the template's own. This catches what the checks per value
// miss, such as values that only together end a string or comment.
function readsAlike(template: ScriptScan, templateLength: number, result: string, spans: readonly Span[]): boolean {
  // The values' parentheses were checked to be balanced where that matters.
  const filled = scanScript(result, spans.map((span) => [span.outputStart, span.outputEnd] as const));
  for (const span of spans) {
    if (filled.contexts[span.outputStart] !== template.contexts[span.start]) return false;
    if (filled.contexts[span.outputEnd] !== template.contexts[span.end]) return false;
  }
  if (filled.contexts[result.length] !== template.contexts[templateLength]) return false;
  if (template.uncertain === undefined || filled.uncertain === undefined) return template.uncertain === filled.uncertain;
  return filled.uncertain.text === template.uncertain.text && filled.uncertain.offset === outputOffset(template.uncertain.offset, spans);
}

// Returns the offset in the result of a template offset that no placeholder covers.
function outputOffset(offset: number, spans: readonly Span[]): number {
  let shift = 0;
  for (const span of spans) {
    if (span.end > offset) break;
    shift += span.outputEnd - span.outputStart - (span.end - span.start);
  }
  return offset + shift;
}

function lineBefore(script: string, offset: number): string {
  const lineStart = Math.max(script.lastIndexOf('\n', offset - 1), script.lastIndexOf('\r', offset - 1)) + 1;
  return script.slice(lineStart, offset);
}

function lineAfter(script: string, offset: number): string {
  const lineEnd = /[\r\n]/.exec(script.slice(offset));
  return lineEnd ? script.slice(offset, offset + lineEnd.index) : script.slice(offset);
}

// Returns the 1-based line of `offset`, counting lines as the placeholders' lines are counted.
function lineNumberAt(script: string, offset: number): number {
  return script.slice(0, offset).split('\n').length;
}

// Whether the character at `offset` follows an odd number of backticks.
function escapedByBacktick(script: string, offset: number): boolean {
  let count = 0;
  for (let i = offset - 1; i >= 0 && script[i] === '`'; i--) count++;
  return count % 2 === 1;
}

// Returns the text that replaces a placeholder, or why there is none. `before`
// is the result up to the placeholder and `after` the template's text from
// the placeholder's end to the end of its line. `uncertain`, the problem of a
// value that is not inert there, is set when the placeholder follows an
// uncertain reading.
function replacementFor(
  before: string,
  after: string,
  value: string,
  context: ScriptContext,
  uncertain: string | undefined,
  quoted: boolean,
): { text: string } | { problem: string } {
  if (EXPANDING_CONTEXTS.has(context)) {
    if (escapedByBacktick(before, before.length)) return { problem: 'A backtick before the placeholder would escape the first character of the value.' };
    // A `$ is a plain dollar sign.
    const variable = VARIABLE_BEFORE.exec(before);
    if (variable && !escapedByBacktick(before, variable.index)) {
      if (variable[0] === '$') return { problem: 'A $ before the placeholder would make the value part of a variable name or subexpression.' };
      if (context !== 'code' && VARIABLE_CHARACTER.test(value)) return { problem: 'The value would continue the name of the variable before the placeholder.' };
    }
  }
  if (uncertain) {
    if (!INERT_VALUE.test(value)) return { problem: uncertain };
    // The string may be code to PowerShell, where a bare value would be a command.
    if (STRING_CONTEXTS.has(context) && !quoted) return { problem: uncertain.replace(/, so a value after it .*$/, ', so a placeholder after it cannot be inside a string.') };
    // A comment that may be code gets a quoted value, which is data in code.
    if (context === 'lineComment' || context === 'blockComment') return { text: singleQuotedLiteral(value) };
  }
  const replacement = escapeForContext(value, context);
  if ('problem' in replacement) return replacement;
  // PowerShell joins the parts of a bare word, quotes removed, so --'%' is --%.
  const word = `${/\S*$/.exec(before)?.[0] ?? ''}${replacement.text}${/^\S*/.exec(after)?.[0] ?? ''}`;
  if (/^[-\u2013\u2014\u2015]{2}%$/.test(word.replace(/['"\u2018-\u201E`]/g, ''))) {
    return { problem: 'The value would form --% with the text around it, which would make PowerShell stop parsing the rest of the line.' };
  }
  if (context === 'lineComment' && /^#requires/i.test(`${/#[^#]*$/.exec(lineBefore(before, before.length))?.[0] ?? ''}${replacement.text}`)) {
    return { problem: 'The value would make the comment a #requires statement.' };
  }
  if (context === 'blockComment' && `${before.slice(-1)}${replacement.text}${after.slice(0, 1)}`.includes('#>')) {
    return { problem: 'The value would form #> with the text around it, which would end the comment around it.' };
  }
  if (context === 'singleHereString' || context === 'doubleHereString') {
    const line = lineBefore(before, before.length) + replacement.text + after;
    const ending = context === 'singleHereString' ? SINGLE_HERE_STRING_END : DOUBLE_HERE_STRING_END;
    if (ending.test(line)) return { problem: 'The value would start its line with the end of the here-string around it.' };
  }
  return replacement;
}

function uncertainProblem(script: string, uncertain: UncertainReading): string {
  const line = lineNumberAt(script, uncertain.offset);
  const allowed = 'letters, digits and . _ - \\ / : @, and may not start with - or @';
  if (uncertain.text === '--%') {
    return `PowerShell passes the text after the --% on line ${line} on unparsed, up to a | that may end it, so a value after it may contain only ${allowed}.`;
  }
  if (COPIED_QUOTE.test(uncertain.text)) {
    return `Inside $( ) PowerShell reads the ${uncertain.text} on line ${line} as one quotation mark, so a value after it may contain only ${allowed}.`;
  }
  if (uncertain.text === '(' || uncertain.text === ')') {
    return `Inside $( ) PowerShell counts the ${uncertain.text} on line ${line} although it is in a string or comment, so a value after it may contain only ${allowed}.`;
  }
  let reading = 'the start of a comment';
  if (uncertain.text.startsWith('@')) reading = 'the start of a here-string';
  else if (uncertain.text.endsWith('@')) reading = 'the end of a here-string';
  return `PowerShell may read the ${uncertain.text} on line ${line} as text or as ${reading}, so a value after it may contain only ${allowed}.`;
}

function escapeForContext(value: string, context: ScriptContext): { text: string } | { problem: string } {
  switch (context) {
    case 'code':
      return { text: singleQuotedLiteral(value) };
    case 'singleQuoted':
      return { text: escapeSingleQuoted(value) };
    case 'doubleQuoted':
    case 'doubleHereString':
      return { text: escapeDoubleQuoted(value) };
    case 'singleHereString':
      // A single-quoted here-string has no escapes; replacementFor checks that the line does not end it.
      return { text: value };
    case 'blockComment':
      if (value.includes('#>')) return { problem: 'The value contains #>, which would end the comment around it.' };
      return { text: value };
    case 'lineComment':
      return { text: value };
    case 'variableName':
      return { problem: 'The placeholder is inside a ${...} variable name, where a value cannot be quoted.' };
    case 'verbatim':
      // Only an inert value gets here (see replacementFor), and after --% quotes would be passed on as text.
      return { text: value };
  }
}
