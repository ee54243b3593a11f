import { removeChild } from '../edits';
import type { DuplicateKey, ParsedDocument } from '../parse';
import type { RawFinding } from '../types';
import type { SyntaxRule } from './rule';

export const duplicateKey: SyntaxRule = {
  meta: {
    id: 'duplicate-key',
    description: 'An object must not have the same key twice, including keys that differ only in letter case.',
    severity: 'error',
    fixable: true,
    kind: 'syntax',
  },
  check(doc: ParsedDocument, includeFixes: boolean): RawFinding[] {
    return doc.duplicateKeys.map((duplicate) => toFinding(doc, duplicate, includeFixes));
  },
};

function toFinding(doc: ParsedDocument, duplicate: DuplicateKey, includeFixes: boolean): RawFinding {
  const line = doc.lines.positionAt(duplicate.first.offset).line + 1;
  const key = JSON.stringify(duplicate.key.value);
  const first = JSON.stringify(duplicate.first.value);
  const message = duplicate.caseOnly
    ? `Key ${key} differs only in letter case from ${first} on line ${line}; PowerShell treats them as one property`
    : `Duplicate key ${key}, first defined on line ${line}; strict readers keep only this last value`;
  const finding: RawFinding = { rule: 'duplicate-key', message, offset: duplicate.key.offset, length: duplicate.key.length };
  const property = duplicate.first.parent;
  const object = property?.parent;
  // Strict readers keep the last value, so removing the earlier property changes nothing they see.
  if (includeFixes && !duplicate.caseOnly && property && object) {
    const title = `Remove the earlier ${key} on line ${line}`;
    finding.fixes = [{ title, edits: [removeChild(object, property)], targets: [], preferred: true }];
  }
  return finding;
}
