import type { ParsedDocument } from '../parse';
import type { RawFinding } from '../types';
import type { SyntaxRule } from './rule';

export const noTrailingCommas: SyntaxRule = {
  meta: {
    id: 'no-trailing-commas',
    description: 'A comma must not follow the last element of an object or array.',
    severity: 'error',
    fixable: true,
    kind: 'syntax',
  },
  check(doc: ParsedDocument, includeFixes: boolean): RawFinding[] {
    return doc.trailingCommas.map((offset) => {
      const finding: RawFinding = {
        rule: 'no-trailing-commas',
        message: 'Trailing comma before the closing bracket; strict JSON readers reject it',
        offset,
        length: 1,
      };
      if (includeFixes) {
        finding.fixes = [{ title: 'Remove the trailing comma', edits: [{ offset, length: 1, newText: '' }], targets: [], preferred: true }];
      }
      return finding;
    });
  },
};
