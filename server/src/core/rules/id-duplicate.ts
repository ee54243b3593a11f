import type { Config } from '../config';
import type { CatalogueContext, CatalogueRule, ControlIds, IdOccurrence, LocatedFinding } from './rule';

export const idDuplicate: CatalogueRule = {
  meta: {
    id: 'id-duplicate',
    description: 'No two controls in the linted set may share an id, compared without regard to case.',
    severity: 'error',
    fixable: false,
    kind: 'catalogue',
  },
  check(controls: readonly ControlIds[], _config: Config, _context: CatalogueContext): LocatedFinding[] {
    const byId = new Map<string, Array<{ file: string; id: IdOccurrence }>>();
    for (const control of controls) {
      if (!control.id) continue;
      const key = control.id.id.toUpperCase();
      const group = byId.get(key) ?? [];
      group.push({ file: control.file, id: control.id });
      byId.set(key, group);
    }
    const findings: LocatedFinding[] = [];
    for (const group of byId.values()) {
      if (group.length < 2) continue;
      for (const entry of group) findings.push(toFinding(entry, group));
    }
    return findings;
  },
};

function toFinding(entry: { file: string; id: IdOccurrence }, group: Array<{ file: string; id: IdOccurrence }>): LocatedFinding {
  const others = group
    .filter((other) => other !== entry)
    .map((other) => `${other.file}:${other.id.range.start.line + 1}`);
  return {
    file: entry.file,
    range: entry.id.range,
    finding: {
      rule: 'id-duplicate',
      message: `Id ${entry.id.id} is also used at ${others.join(', ')}`,
      offset: entry.id.offset,
      length: entry.id.length,
    },
  };
}
