import type { Config } from './config';
import { SEVERITY_RANGES } from './rules/severity-weight';

export interface NewControlRequest {
  id: string;
  title: string;
  category: string;
  severity: string;
  subject: string;
}

/**
 * Writes the JSON text of a new control that passes every rule except those
 * needing the author's text. The placeholders state what to write.
 */
export function newControlText(request: NewControlRequest, _config: Config): string {
  const range = SEVERITY_RANGES[request.severity] ?? [1, 3];
  const control = {
    id: request.id,
    title: request.title,
    description: 'TODO: State what MUST hold, then why it matters.',
    verify: false,
    subject: request.subject,
    category: request.category,
    severity: request.severity,
    severityWeight: range[1],
    frameworks: ['Best Practice'],
    references: [{ name: 'TODO: name of the primary source', url: 'https://learn.microsoft.com/en-us/exchange/' }],
    remediation: {
      automatable: false,
      description: 'TODO: Describe the fix in one to three sentences, without commands.',
      scriptTemplate: [
        '# === DIAGNOSTICS ===',
        '# TODO: read-only commands that show the current state.',
        '',
        '# === REMEDIATION ===',
        '# NOTE: TODO: describe any manual step.',
        '# TODO: state-changing commands, commented out.',
      ].join('\n'),
    },
    considerations: 'TODO: operational impact, dependencies and rollback.',
    roles: ['Mailbox'],
  };
  return `${JSON.stringify(control, null, 2)}\n`;
}
