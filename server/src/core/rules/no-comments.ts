import type { ParsedDocument, Span } from '../parse';
import type { RawFinding, TextEdit } from '../types';
import type { SyntaxRule } from './rule';

export const noComments: SyntaxRule = {
  meta: {
    id: 'no-comments',
    description: 'JSON has no comments; strict readers reject the file.',
    severity: 'error',
    fixable: true,
    kind: 'syntax',
  },
  check(doc: ParsedDocument, includeFixes: boolean): RawFinding[] {
    return doc.comments.map((comment) => {
      const finding: RawFinding = {
        rule: 'no-comments',
        message: `Comments are not allowed in JSON; strict readers such as JSON.parse reject the file`,
        offset: comment.offset,
        length: comment.length,
      };
      if (includeFixes) {
        finding.fixes = [{ title: 'Remove the comment', edits: [removal(doc.text, comment)], targets: [], preferred: true }];
      }
      return finding;
    });
  },
};

// A comment alone on its line goes with its line; one after code takes the blanks
// before it. A comment that starts its line but has code after it keeps the
// indentation and takes the blanks after it.
function removal(text: string, comment: Span): TextEdit {
  let start = comment.offset;
  while (start > 0 && isBlank(text[start - 1])) start--;
  let end = comment.offset + comment.length;
  const ownLine = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
  if (!ownLine) return { offset: start, length: end - start, newText: '' };
  while (end < text.length && isBlank(text[end])) end++;
  const codeFollows = end < text.length && text[end] !== '\n' && text[end] !== '\r';
  if (codeFollows) return { offset: comment.offset, length: end - comment.offset, newText: '' };
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { offset: start, length: end - start, newText: '' };
}

function isBlank(character: string | undefined): boolean {
  return character === ' ' || character === '\t';
}
