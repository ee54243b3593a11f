import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { ruleDocsUrl } from '../core/docs';
import type { Finding, Severity } from '../core/types';

export const SOURCE = 'Control Studio';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The `data` of a diagnostic: the fixes its rule computed, for code actions. */
export interface DiagnosticData {
  fixes: NonNullable<Finding['fixes']>;
}

/** Converts a core finding into an LSP diagnostic with its rule id, docs link and fixes. */
export function toDiagnostic(finding: Finding, packageRoot: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(packageRoot, finding.rule) },
    source: SOURCE,
    message: finding.message,
  };
  if (finding.fixes && finding.fixes.length > 0) diagnostic.data = { fixes: finding.fixes } satisfies DiagnosticData;
  return diagnostic;
}
