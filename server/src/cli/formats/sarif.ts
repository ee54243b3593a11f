import type * as sarif from 'sarif';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl } from '../../core/docs';
import { RULES } from '../../core/rules';
import type { Severity } from '../../core/types';
import { eachFinding, jsonWithArray, type Report, type ReportedFile } from './report';

const LEVELS: Record<Severity, sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** Formats the report as SARIF 2.1.0, with every rule's metadata and columns in UTF-16 code units. */
export function formatSarif(report: Report, cwd: string): string {
  return [...sarifPieces(report, cwd)].join('');
}

/** Yields formatSarif's text in pieces, one result at a time. */
export function* sarifPieces(report: Report, cwd: string): Generator<string> {
  const rules: sarif.ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.meta.id,
    shortDescription: { text: rule.meta.description },
    helpUri: ruleDocsUrl(report.packageRoot, rule.meta.id),
    defaultConfiguration: { level: LEVELS[rule.meta.severity] },
    properties: { fixable: rule.meta.fixable },
  }));
  const notifications: sarif.Notification[] = report.problems.map((problem) => ({
    level: 'error',
    message: { text: `${problem.path}: ${problem.message}` },
  }));
  const logWith = (results: unknown): sarif.Log => ({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'control-lint', version: report.version, rules } },
        originalUriBaseIds: { SRCROOT: { uri: folderUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: report.problems.length === 0, toolExecutionNotifications: notifications }],
        results: results as sarif.Result[],
      },
    ],
  });
  yield* jsonWithArray(logWith, sarifResults(report.results));
  yield '\n';
}

function* sarifResults(reported: readonly ReportedFile[]): Generator<sarif.Result> {
  const index = new Map(RULES.map((rule, i) => [rule.meta.id, i]));
  for (const { file, finding } of eachFinding(reported)) {
    const { start, end } = finding.range;
    const ruleIndex = index.get(finding.rule);
    yield {
      ruleId: finding.rule,
      ...(ruleIndex === undefined ? {} : { ruleIndex }),
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(file),
            region: {
              startLine: start.line + 1,
              startColumn: start.character + 1,
              endLine: end.line + 1,
              endColumn: end.character + 1,
            },
          },
        },
      ],
    };
  }
}

// A relative path becomes a URI reference against SRCROOT, with each segment
// percent-encoded, so that "#", "?" and ":" in a file name stay part of the path.
// On Windows a file on another drive than the working folder keeps an absolute path.
function artifactLocation(file: string): sarif.ArtifactLocation {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

// Without a trailing slash, resolving "controls/x.json" against the base would
// replace the folder's last segment instead of adding to it.
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}
