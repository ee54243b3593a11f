import type { Config } from '../config';
import type { Range, RawFinding } from '../types';
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
    for (const grown of byId.values()) {
      if (grown.length < 2) continue;
      // The findings keep the group until the report. A copy takes the room of
      // its entries, where the array grown by push reserved room for about 16.
      const group = grown.slice();
      for (const entry of group) findings.push(toFinding(entry, group));
    }
    return findings;
  },
};

// A large tree can have thousands of duplicate ids, and each message names
// every other control of its group. The message is built when it is read, so
// that a run keeps only the groups until its report is written.
class DuplicateIdFinding implements RawFinding {
  readonly rule = 'id-duplicate';
  readonly offset: number;
  readonly length: number;

  constructor(
    readonly entry: { file: string; id: IdOccurrence },
    private readonly group: ReadonlyArray<{ file: string; id: IdOccurrence }>,
  ) {
    this.offset = entry.id.offset;
    this.length = entry.id.length;
  }

  get message(): string {
    const others = this.group.filter((other) => other !== this.entry).map((other) => `${other.file}:${other.id.range.start.line + 1}`);
    return `Id ${this.entry.id.id} is also used at ${others.join(', ')}`;
  }
}

// A class rather than an object literal with a getter, because V8 gives each
// such literal properties of its own (measured: about 340 bytes more per finding).
class DuplicateIdLocation implements LocatedFinding {
  readonly file: string;

  constructor(readonly finding: DuplicateIdFinding) {
    this.file = finding.entry.file;
  }

  get range(): Range {
    return this.finding.entry.id.range;
  }
}

function toFinding(entry: { file: string; id: IdOccurrence }, group: Array<{ file: string; id: IdOccurrence }>): LocatedFinding {
  return new DuplicateIdLocation(new DuplicateIdFinding(entry, group));
}
