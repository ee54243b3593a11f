import * as fs from 'node:fs';
import { readControlFile } from '../cli/encoding';
import type { Config } from '../core/config';
import { linkFindings } from '../core/links/findings';
import type { LinkResult } from '../core/links/types';
import { byPosition, type DocumentKind, type LintOptions, lintText } from '../core/lint';
import { parseDocument } from '../core/parse';
import type { ControlSummary } from '../core/rules/rule';
import type { Finding, SeveritySetting } from '../core/types';
import { type PackedFindings, packFindings } from '../core/packed';

/** The settings a file is linted with, apart from its text and name, in a form that can be posted to a worker. */
export interface LintSettings {
  config: Config;
  /** Severities that win over the configuration. */
  overrides?: Readonly<Record<string, SeveritySetting>>;
  /** Results of earlier link checks by URL; their findings are added when given. */
  linkResults?: ReadonlyMap<string, LinkResult>;
  /**
   * Reads files as control-lint does: UTF-16, binary, invalid UTF-8 and empty
   * files are not linted, and the reason is the result's detail.
   */
  checkedRead?: boolean;
}

/** A rule that threw on a file; the file's other findings are still there. */
export interface RuleFailure {
  rule: string;
  /** The error's stack, or its text when it has none. */
  detail: string;
  /** The error as text, without the stack. */
  message: string;
}

/** The lint result of one file, without fixes and with its findings packed. */
export interface LintedFile {
  status: 'linted';
  kind: DocumentKind;
  findings: PackedFindings;
  controls: ControlSummary[];
  ruleFailures: RuleFailure[];
}

/** A file that could not be read, or whose linting threw outside the rules. */
export interface FailedFile {
  status: 'unreadable' | 'failed';
  /** The read error's message, or the lint error's stack. */
  detail: string;
}

export type FileLintResult = LintedFile | FailedFile;

/**
 * Lints the text of a file that is not open in an editor. The rules build no
 * fixes where the core supports that, and any fixes are dropped, because code
 * actions lint the open text again.
 */
export function lintClosedText(text: string, file: string, settings: LintSettings): LintedFile {
  const ruleFailures: RuleFailure[] = [];
  // `fixes: false` is read by lint cores whose LintOptions has the field.
  const options: LintOptions & { fixes: boolean } = {
    file,
    config: settings.config,
    fixes: false,
    onRuleError: (rule, error) => ruleFailures.push({ rule, detail: describeError(error), message: String(error) }),
  };
  if (settings.overrides) options.overrides = settings.overrides;
  const result = lintText(text, options);
  const findings = withLinkFindings(result.findings, text, settings);
  return { status: 'linted', kind: result.kind, findings: packFindings(findings), controls: result.controls, ruleFailures };
}

/** Adds the findings of known link results to a text's findings, in position order. */
export function withLinkFindings(findings: Finding[], text: string, settings: LintSettings): Finding[] {
  const results = settings.linkResults;
  if (!results || results.size === 0) return findings;
  const options = settings.overrides ? { config: settings.config, overrides: settings.overrides } : { config: settings.config };
  const extra = linkFindings(parseDocument(text), results, options);
  return extra.length === 0 ? findings : [...findings, ...extra].sort(byPosition);
}

/** Reads a file as UTF-8 without its byte order mark and lints it as a closed file. */
export function lintFileAt(fsPath: string, file: string, settings: LintSettings): FileLintResult {
  let text: string;
  if (settings.checkedRead) {
    const read = readControlFile(fsPath);
    if ('problem' in read) return { status: 'unreadable', detail: read.problem };
    text = read.text;
  } else {
    try {
      text = readTextFile(fsPath);
    } catch (error) {
      return { status: 'unreadable', detail: (error as Error).message };
    }
  }
  try {
    return lintClosedText(text, file, settings);
  } catch (error) {
    return { status: 'failed', detail: describeError(error) };
  }
}

/** Reads a file as UTF-8 and removes a leading byte order mark; throws the read error. */
export function readTextFile(fsPath: string): string {
  const text = fs.readFileSync(fsPath, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
