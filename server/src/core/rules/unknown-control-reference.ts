import type { Config } from '../config';
import type { CatalogueContext, CatalogueRule, ControlIds, LocatedFinding } from './rule';

export const unknownControlReference: CatalogueRule = {
  meta: {
    id: 'unknown-control-reference',
    description: 'A control id cited in a text field must belong to a control in the linted set.',
    severity: 'error',
    fixable: false,
    kind: 'catalogue',
  },
  check(controls: readonly ControlIds[], _config: Config, context: CatalogueContext): LocatedFinding[] {
    const known = new Set(controls.flatMap((control) => (control.id ? [control.id.id.toUpperCase()] : [])));
    for (const id of context.knownIds ?? []) known.add(id);
    const findings: LocatedFinding[] = [];
    for (const control of controls) {
      for (const citation of control.citations) {
        if (known.has(citation.id.toUpperCase())) continue;
        findings.push({
          file: control.file,
          range: citation.range,
          finding: {
            rule: 'unknown-control-reference',
            message: `No control with id ${citation.id} in the linted set`,
            offset: citation.offset,
            length: citation.length,
          },
        });
      }
    }
    return findings;
  },
};
