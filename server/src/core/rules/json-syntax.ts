import { type ParseError, ParseErrorCode } from 'jsonc-parser';
import { MAX_DEPTH, type ParsedDocument } from '../parse';
import type { RawFinding } from '../types';
import type { SyntaxRule } from './rule';

const EXPECTED: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'Expected a JSON value or punctuation',
  [ParseErrorCode.InvalidNumberFormat]: 'Expected a number in JSON format',
  [ParseErrorCode.PropertyNameExpected]: 'Expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'Expected a value',
  [ParseErrorCode.ColonExpected]: "Expected ':' after the property name",
  [ParseErrorCode.CommaExpected]: "Expected ',' between values",
  [ParseErrorCode.CloseBraceExpected]: "Expected ',' or '}' after the property value",
  [ParseErrorCode.CloseBracketExpected]: "Expected ',' or ']' after the array element",
  [ParseErrorCode.EndOfFileExpected]: 'Expected the end of the file after the root value',
  [ParseErrorCode.InvalidCommentToken]: 'Expected a JSON token',
  [ParseErrorCode.UnexpectedEndOfComment]: "Expected '*/' to close the comment",
  [ParseErrorCode.UnexpectedEndOfString]: 'Expected \'"\' to close the string on the same line',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Expected digits to complete the number',
  [ParseErrorCode.InvalidUnicode]: 'Expected four hexadecimal digits after \\u',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX as escape',
  [ParseErrorCode.InvalidCharacter]: 'Expected control characters in strings to be escaped',
};

export const jsonSyntax: SyntaxRule = {
  meta: {
    id: 'json-syntax',
    description: 'The file must be readable by a strict JSON parser.',
    severity: 'error',
    fixable: false,
    kind: 'syntax',
  },
  check(doc: ParsedDocument): RawFinding[] {
    const findings = firstErrorPerOffset(doc.syntaxErrors).map((error) => toFinding(doc.text, error));
    if (doc.tooDeep !== undefined) {
      const message = `Objects and arrays are nested deeper than ${MAX_DEPTH} levels; the file is not checked further`;
      findings.push({ rule: 'json-syntax', message, offset: doc.tooDeep, length: 1 });
    }
    return findings;
  },
};

// While recovering, jsonc-parser often reports two or three errors at the
// token where it failed. The first one names the mistake and the others repeat it.
function firstErrorPerOffset(errors: readonly ParseError[]): ParseError[] {
  const seen = new Set<number>();
  return errors.filter((error) => {
    if (seen.has(error.offset)) return false;
    seen.add(error.offset);
    return true;
  });
}

function toFinding(text: string, error: ParseError): RawFinding {
  const expected = EXPECTED[error.error] ?? 'Expected valid JSON';
  const length = Math.max(error.length, error.offset < text.length ? 1 : 0);
  return { rule: 'json-syntax', message: `${expected}; found ${describeFound(text, error.offset, error.length)}`, offset: error.offset, length };
}

function describeFound(text: string, offset: number, length: number): string {
  if (offset >= text.length) return 'the end of the file';
  const token = text.slice(offset, offset + Math.max(length, 1));
  const shown = token.length > 20 ? `${token.slice(0, 20)}…` : token;
  if (/^\s$/.test(shown)) return 'a line break';
  return JSON.stringify(shown);
}
