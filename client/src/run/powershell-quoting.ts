// Quoting of text for PowerShell source. PowerShell's tokenizer treats four
// typographic quotation marks like the ASCII ones (IsSingleQuote and
// IsDoubleQuote in engine/parser/CharTraits.cs of PowerShell), so every
// function here handles them too.

/** The characters that open and close a single-quoted string. */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;
/** The characters that a backtick escapes inside a double-quoted string or here-string. */
const DOUBLE_QUOTED_SPECIALS = /[`$"\u201C\u201D\u201E]/g;
/** Line breaks and other control characters, which no generated command line may contain. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F\u0085\u2028\u2029]/;

/** Escapes text for the inside of a single-quoted string: each quotation mark is doubled. */
export function escapeSingleQuoted(text: string): string {
  return text.replace(SINGLE_QUOTES, (quote) => quote + quote);
}

/** Returns text as a single-quoted string literal, in which PowerShell expands nothing. */
export function singleQuotedLiteral(text: string): string {
  return `'${escapeSingleQuoted(text)}'`;
}

/** Escapes text for the inside of a double-quoted string or here-string: backticks before `` ` ``, `$` and `"`. */
export function escapeDoubleQuoted(text: string): string {
  return text.replace(DOUBLE_QUOTED_SPECIALS, (special) => `\`${special}`);
}

/** Returns the first control character of text, such as a line feed, or undefined. */
export function findControlCharacter(text: string): string | undefined {
  return CONTROL_CHARACTERS.exec(text)?.[0];
}

/**
 * Returns the command line `& '<file>'`, which runs a script file in a child
 * scope. Throws when the path contains a control character, because a line
 * break would end the command line early.
 */
export function invocationLine(file: string): string {
  return `& ${quotedPath(file)}`;
}

/**
 * Returns the command line `. '<file>'`, which runs a script file in the
 * current scope, so the variables and imported commands it creates stay in
 * the session.
 */
export function dotSourceLine(file: string): string {
  return `. ${quotedPath(file)}`;
}

function quotedPath(file: string): string {
  const control = findControlCharacter(file);
  if (control !== undefined) {
    const code = control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new Error(`Invalid script path ${JSON.stringify(file)}: it contains the control character U+${code}.`);
  }
  return singleQuotedLiteral(file);
}
