import type { ParsedDocument } from '../parse';
import type { RawFinding } from '../types';
import type { SyntaxRule } from './rule';

export const noComments: SyntaxRule = {
  meta: {
    id: 'no-comments',
    description: 'JSON has no comments; strict readers reject the file.',
    severity: 'error',
    fixable: false,
    kind: 'syntax',
  },
  check(doc: ParsedDocument): RawFinding[] {
    return doc.comments.map((comment) => ({
      rule: 'no-comments',
      message: `Comments are not allowed in JSON; PowerShell's ConvertFrom-Json and JSON.parse reject the file`,
      offset: comment.offset,
      length: comment.length,
    }));
  },
};
