import { describeCharacter, type ParsedDocument, type StrayWhitespace } from '../parse';
import type { RawFinding } from '../types';
import type { SyntaxRule } from './rule';

export const jsonWhitespace: SyntaxRule = {
  meta: {
    id: 'json-whitespace',
    description: 'Only space, tab, line feed and carriage return may separate JSON tokens.',
    severity: 'error',
    fixable: true,
    kind: 'syntax',
  },
  check(doc: ParsedDocument, includeFixes: boolean): RawFinding[] {
    const byLine = new Map<number, StrayWhitespace[]>();
    for (const stray of doc.strayWhitespace) {
      const line = doc.lines.positionAt(stray.offset).line;
      const group = byLine.get(line);
      if (group) group.push(stray);
      else byLine.set(line, [stray]);
    }
    return [...byLine.values()].map((group) => toFinding(group, includeFixes));
  },
};

// One finding per line: it spans the line's first to last stray character.
function toFinding(group: StrayWhitespace[], includeFixes: boolean): RawFinding {
  const first = group[0] as StrayWhitespace;
  const last = group[group.length - 1] as StrayWhitespace;
  const codes = [...new Set(group.map((stray) => stray.code))].map(describeCharacter);
  const count = group.length === 1 ? '' : ` (${group.length} characters on this line)`;
  const finding: RawFinding = {
    rule: 'json-whitespace',
    message: `${codes.join(', ')} is not JSON whitespace${count}; strict readers reject it, use a space`,
    offset: first.offset,
    length: last.offset + 1 - first.offset,
  };
  if (includeFixes) {
    finding.fixes = [
      {
        title: 'Replace with spaces',
        edits: group.map((stray) => ({ offset: stray.offset, length: 1, newText: ' ' })),
        targets: [],
        preferred: true,
      },
    ];
  }
  return finding;
}
