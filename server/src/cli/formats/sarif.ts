import type * as sarif from 'sarif';
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl } from '../../core/docs';
import { RULES } from '../../core/rules';
import type { Severity } from '../../core/types';
import { eachFinding, type Report } from './report';

const LEVELS: Record<Severity, sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** Formats the report as SARIF 2.1.0, with every rule's metadata and columns in UTF-16 code units. */
export function formatSarif(report: Report, cwd: string): string {
  const rules: sarif.ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.meta.id,
    shortDescription: { text: rule.meta.description },
    helpUri: ruleDocsUrl(report.packageRoot, rule.meta.id),
    defaultConfiguration: { level: LEVELS[rule.meta.severity] },
    properties: { fixable: rule.meta.fixable },
  }));
  const index = new Map(RULES.map((rule, i) => [rule.meta.id, i]));
  const results: sarif.Result[] = [];
  for (const { file, finding } of eachFinding(report.results)) {
    const { start, end } = finding.range;
    results.push({
      ruleId: finding.rule,
      ruleIndex: index.get(finding.rule) ?? -1,
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(file), uriBaseId: 'SRCROOT' },
            region: {
              startLine: start.line + 1,
              startColumn: start.character + 1,
              endLine: end.line + 1,
              endColumn: end.character + 1,
            },
          },
        },
      ],
    });
  }
  const notifications: sarif.Notification[] = report.problems.map((problem) => ({
    level: 'error',
    message: { text: `${problem.path}: ${problem.message}` },
  }));
  const log: sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'control-lint', version: report.version, rules } },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href}/` } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: report.problems.length === 0, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
