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
//   unless it would end the here-string or comment.
//
// A value is rejected where a backtick before the placeholder would escape its
// first character. After a place that PowerShell may read either as a comment
// or here-string or as text (see scanScript), the contexts may be wrong, so a
// value there may contain only characters that are inert in every context.
//
// A quoted sample value such as 'DatabaseName' is replaced inside its quotes.
import type { Placeholder } from '../../../server/src/core/template';
import { escapeDoubleQuoted, escapeSingleQuoted, findControlCharacter, singleQuotedLiteral } from './powershell-quoting';
import { type ScriptContext, scanScript } from './script-context';

/** The occurrences of one placeholder name in a script. */
export interface PlaceholderGroup {
  /** `<Server>` for an angle-bracket placeholder, `DatabaseName` for a quoted sample value. */
  name: string;
  /** 0-based lines of the script on which the placeholder occurs. */
  lines: number[];
}

export type Substitution = { script: string } | { problems: string[] };

const ANGLE_PLACEHOLDER = /^<[A-Za-z][\w.-]*>$/;
const HERE_STRING_END = /^\s*['\u2018\u2019\u201A\u201B]@/;
// Letters, digits and the punctuation of host names, paths and mail addresses,
// none of which ends a string or comment or starts code in PowerShell.
const INERT_VALUE = /^[\p{L}\p{N}._\-\\/:@]+$/u;

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
  const { contexts, uncertain } = scanScript(script);
  const sorted = [...placeholders].sort((a, b) => a.offset - b.offset);
  const problems: string[] = [];
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
    if (context !== 'singleQuoted' && context !== 'singleHereString' && escapedByBacktick(script, start)) {
      problems.push(`${where}: A backtick before the placeholder would escape the first character of the value.`);
      continue;
    }
    if (uncertain && start > uncertain.offset && !INERT_VALUE.test(value)) {
      const line = lineNumberAt(script, uncertain.offset);
      problems.push(
        `${where}: PowerShell may read the ${uncertain.text} on line ${line} as text or as the start of a ${uncertain.text.startsWith('@') ? 'here-string' : 'comment'}, so a value after it may contain only letters, digits and . _ - \\ / : @.`,
      );
      continue;
    }
    const replacement = escapeForContext(value, context, lineBefore(script, start));
    if ('problem' in replacement) {
      problems.push(`${where}: ${replacement.problem}`);
      continue;
    }
    output += script.slice(copied, start) + replacement.text;
    copied = end;
  }
  if (problems.length > 0) return { problems };
  return { script: output + script.slice(copied) };
}

function lineBefore(script: string, offset: number): string {
  const lineStart = Math.max(script.lastIndexOf('\n', offset - 1), script.lastIndexOf('\r', offset - 1)) + 1;
  return script.slice(lineStart, offset);
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

function escapeForContext(value: string, context: ScriptContext, lineStart: string): { text: string } | { problem: string } {
  switch (context) {
    case 'code':
      return { text: singleQuotedLiteral(value) };
    case 'singleQuoted':
      return { text: escapeSingleQuoted(value) };
    case 'doubleQuoted':
    case 'doubleHereString':
      return { text: escapeDoubleQuoted(value) };
    case 'singleHereString':
      // A single-quoted here-string has no escapes, and a line that starts with '@ ends it.
      if (lineStart.trim() === '' && HERE_STRING_END.test(value)) {
        return { problem: "The value starts with '@, which would end the here-string around it." };
      }
      return { text: value };
    case 'blockComment':
      if (value.includes('#>')) return { problem: 'The value contains #>, which would end the comment around it.' };
      return { text: value };
    case 'lineComment':
      return { text: value };
  }
}
