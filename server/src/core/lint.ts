import { getNodeValue, type Node } from 'jsonc-parser';
import * as path from 'node:path';
import type { Config } from './config';
import { type ParsedDocument, parseDocument } from './parse';
import { CATALOGUE_RULES, CONTROL_RULES, SYNTAX_RULES } from './rules';
import type { CatalogueContext, ControlContext, ControlIds, ControlSummary, IdOccurrence, LocatedFinding } from './rules/rule';
import { stableSort } from './sort';
import { copyString, stringSpan } from './strings';
import { describeNodeType, valueOf } from './tree';
import type { Finding, Fix, Range, RawFinding, RuleMeta, Severity, SeveritySetting } from './types';

export interface LintOptions {
  /** The path shown to users and used in cross-file messages. */
  file: string;
  config: Config;
  /** Severities that win over the configuration, e.g. from `--rule`. */
  overrides?: Readonly<Record<string, SeveritySetting>>;
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (rule: string, error: unknown) => void;
  /** Returns the next unused id for an id code; fixes that renumber ids need it. */
  nextFreeId?: (code: string) => string | undefined;
  /** Whether findings carry fixes; true when not set. False saves the work of building them. */
  fixes?: boolean;
}

export type DocumentKind = 'control' | 'catalogue' | 'unknown';

export interface FileResult {
  file: string;
  kind: DocumentKind;
  findings: Finding[];
  controls: ControlSummary[];
}

/** Returns the severity a rule reports at, or 'off'. */
export function effectiveSeverity(meta: RuleMeta, config: Config, overrides?: Readonly<Record<string, SeveritySetting>>): SeveritySetting {
  return overrides?.[meta.id] ?? config.rules[meta.id] ?? meta.severity;
}

/** Lints one document with the syntax and per-control rules; cross-file rules run in `lintSet`. */
export function lintText(text: string, options: LintOptions): FileResult {
  const doc = parseDocument(text);
  const raw: Array<RawFinding & { severity: Severity }> = [];
  runSyntaxRules(doc, options, raw);
  const { kind, controls, rootFindings } = splitControls(doc, options);
  for (const finding of rootFindings) addFinding(finding, options, raw);
  const summaries: ControlSummary[] = [];
  for (const context of controls) {
    runControlRules(context, options, raw);
    summaries.push(summarize(context, options.file));
  }
  stableSort(raw, byOffset);
  return { file: options.file, kind, findings: raw.map((finding) => resolve(doc, finding)), controls: summaries };
}

/** A finding of one catalogue element, with offsets relative to the element's first character. */
export type ElementFinding = RawFinding & { severity: Severity };

/** The findings and summary of one catalogue element linted on its own, in offsets relative to it. */
export interface ElementResult {
  findings: ElementFinding[];
  summary: ControlSummary;
  /** True when a rule asked for the next free id, which depends on the other files, so the result must not be reused. */
  usesWorkspace: boolean;
}

/**
 * Lints the text of one catalogue element, a control object, as a document of
 * its own. Returns undefined when a syntax rule reports anything in it or it
 * has a syntax error, because such findings can depend on the text around the
 * element (line numbers in messages, parser recovery).
 */
export function lintElement(text: string, options: LintOptions): ElementResult | undefined {
  const doc = parseDocument(text);
  const raw: ElementFinding[] = [];
  runSyntaxRules(doc, options, raw);
  if (raw.length > 0 || doc.syntaxErrors.length > 0 || doc.tooDeep !== undefined || doc.root?.type !== 'object') return undefined;
  let usesWorkspace = false;
  const nextFreeId = options.nextFreeId;
  const tracked: LintOptions = nextFreeId
    ? {
        ...options,
        nextFreeId: (code) => {
          usesWorkspace = true;
          return nextFreeId(code);
        },
      }
    : options;
  const context = controlContext(doc, doc.root, doc.rootValue, tracked);
  runControlRules(context, options, raw);
  stableSort(raw, byOffset);
  return { findings: raw.map(ownStrings), summary: summarize(context, options.file), usesWorkspace };
}

function byOffset(a: RawFinding, b: RawFinding): number {
  return a.offset - b.offset || a.length - b.length;
}

// The rules are called in loops without a closure per rule, and each severity
// is looked up on each call, because callers may change a configuration
// between calls.
function runSyntaxRules(doc: ParsedDocument, options: LintOptions, out: Array<RawFinding & { severity: Severity }>): void {
  const includeFixes = options.fixes !== false;
  for (const rule of SYNTAX_RULES) {
    const severity = effectiveSeverity(rule.meta, options.config, options.overrides);
    if (severity === 'off') continue;
    let findings: RawFinding[];
    try {
      findings = rule.check(doc, includeFixes);
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
      continue;
    }
    for (const finding of findings) out.push(withSeverity(finding, severity));
  }
}

function runControlRules(context: ControlContext, options: LintOptions, out: Array<RawFinding & { severity: Severity }>): void {
  for (const rule of CONTROL_RULES) {
    const severity = effectiveSeverity(rule.meta, options.config, options.overrides);
    if (severity === 'off') continue;
    let findings: RawFinding[];
    try {
      findings = rule.check(context);
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
      continue;
    }
    for (const finding of findings) out.push(withSeverity(finding, severity));
  }
}

function addFinding(finding: RawFinding, options: LintOptions, out: Array<RawFinding & { severity: Severity }>): void {
  const schemaMeta = CONTROL_RULES[0]?.meta as RuleMeta;
  const severity = effectiveSeverity(schemaMeta, options.config, options.overrides);
  if (severity !== 'off') out.push(withSeverity(finding, severity));
}

// Copies the fields that the results keep into a literal, which V8 (Node 20)
// builds far faster than a spread of the finding.
function withSeverity(finding: RawFinding, severity: Severity): RawFinding & { severity: Severity } {
  const { rule, message, offset, length, fixes } = finding;
  if (fixes === undefined) return { rule, message, offset, length, severity };
  return { rule, message, offset, length, fixes, severity };
}

// Results outlive the text they were linted from, and messages are often built
// from substrings of it, which would keep the whole text in memory. So resolve
// and ownStrings copy every string they keep.
function resolve(doc: ParsedDocument, finding: RawFinding & { severity: Severity }): Finding {
  const { rule, severity, message, offset, length, fixes } = finding;
  const result: Finding = { rule, severity, message: copyString(message), range: doc.lines.rangeAt(offset, length), offset, length };
  if (fixes) result.fixes = fixes.map(copyFix);
  return result;
}

// Copies the strings of a finding in place, which is safe because withSeverity made the finding for this result.
function ownStrings(finding: ElementFinding): ElementFinding {
  finding.message = copyString(finding.message);
  if (finding.fixes) finding.fixes = finding.fixes.map(copyFix);
  return finding;
}

// The copy has the fix's properties in the same order, because each one
// assigned after the spread keeps the place the spread gave it.
function copyFix(fix: Fix): Fix {
  const copy: Fix = {
    ...fix,
    title: copyString(fix.title),
    edits: fix.edits.map((edit) => ({ ...edit, newText: copyString(edit.newText) })),
    targets: fix.targets.map((target) => target.map((segment) => (typeof segment === 'string' ? copyString(segment) : segment))),
  };
  if (fix.rename) copy.rename = { newName: copyString(fix.rename.newName) };
  return copy;
}

// A root object is one control; a root array is a catalogue of controls.
function splitControls(doc: ParsedDocument, options: LintOptions): {
  kind: DocumentKind;
  controls: ControlContext[];
  rootFindings: RawFinding[];
} {
  const root = doc.root;
  if (root?.type === 'object') {
    const control = controlContext(doc, root, doc.rootValue, options, path.basename(options.file));
    return { kind: 'control', controls: [control], rootFindings: [] };
  }
  if (root?.type === 'array') {
    const elements = root.children ?? [];
    const values = doc.rootValue as unknown[] | undefined;
    const rootFindings = elements.filter((node) => node.type !== 'object').map(notAControl);
    const controls: ControlContext[] = [];
    elements.forEach((node, index) => {
      if (node.type === 'object') controls.push(controlContext(doc, node, values?.[index], options));
    });
    return { kind: 'catalogue', controls, rootFindings };
  }
  if (!root || doc.syntaxErrors.length > 0) return { kind: 'unknown', controls: [], rootFindings: [] };
  const message = `Expected a control object or an array of controls; found ${describeNodeType(root)}`;
  return { kind: 'unknown', controls: [], rootFindings: [{ rule: 'schema', message, offset: root.offset, length: root.length }] };
}

// `value` is the node's JSON value when the parser built it, as it does for strict JSON.
function controlContext(doc: ParsedDocument, node: Node, value: unknown, options: LintOptions, fileName?: string): ControlContext {
  return {
    doc,
    node,
    value: (value ?? getNodeValue(node)) as Record<string, unknown>,
    config: options.config,
    includeFixes: options.fixes !== false,
    ...(fileName === undefined ? {} : { fileName }),
    ...(options.nextFreeId ? { nextFreeId: options.nextFreeId } : {}),
  };
}

function notAControl(node: Node): RawFinding {
  const message = `Catalogue elements must be control objects; found ${describeNodeType(node)}`;
  return { rule: 'schema', message, offset: node.offset, length: node.length };
}

function summarize(context: ControlContext, file: string): ControlSummary {
  const idNode = valueOf(context.node, 'id');
  const { title, severity, severityWeight, category, frameworks } = context.value;
  const summary: ControlSummary = {
    file,
    range: context.doc.lines.rangeAt(context.node.offset, context.node.length),
    frameworks: Array.isArray(frameworks) ? copyStrings(frameworks) : [],
    citations: findCitations(context),
  };
  if (idNode?.type === 'string' && typeof idNode.value === 'string' && idNode.value !== '') {
    summary.id = occurrence(context.doc, idNode.value, idNode.offset, idNode.length);
  }
  if (typeof title === 'string') summary.title = copyString(title);
  if (typeof severity === 'string') summary.severity = copyString(severity);
  if (typeof severityWeight === 'number') summary.severityWeight = severityWeight;
  if (typeof category === 'string') summary.category = copyString(category);
  return summary;
}

// Returns copies of the string elements of an array, in order, skipping other values.
function copyStrings(values: readonly unknown[]): string[] {
  const copies: string[] = [];
  for (const value of values) {
    if (typeof value === 'string') copies.push(copyString(value));
  }
  return copies;
}

function occurrence(doc: ParsedDocument, id: string, offset: number, length: number): IdOccurrence {
  return { id: copyString(id), offset, length, range: doc.lines.rangeAt(offset, length) };
}

/** The text that every id with a given prefix contains, e.g. "EDCA-", and a global pattern matching those ids. */
interface CitationSearch {
  marker: string;
  pattern: RegExp;
}

const citationSearches = new Map<string, CitationSearch>();

function citationSearch(prefix: string): CitationSearch {
  let search = citationSearches.get(prefix);
  if (!search) {
    const pattern = new RegExp(`(?<![\\w-])${prefix}-[A-Z][A-Z0-9]*-\\d{3}(?![\\w-])`, 'g');
    search = { marker: `${prefix}-`, pattern };
    citationSearches.set(prefix, search);
  }
  return search;
}

/** Finds control ids cited in the string values of a control, except in its `id` keys and reference URLs. */
function findCitations(context: ControlContext): IdOccurrence[] {
  const { marker, pattern } = citationSearch(context.config.idPrefix);
  const found: IdOccurrence[] = [];
  const stack: Node[] = [context.node];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const children = node.children;
    if (children) {
      for (const child of children) stack.push(child);
    }
    // The marker test comes first because it rejects most strings.
    const value = node.value;
    if (typeof value !== 'string' || !value.includes(marker)) continue;
    if (node.type !== 'string' || !isCitingText(node, context.node)) continue;
    // The pattern is global and shared, so each search starts it at index 0.
    pattern.lastIndex = 0;
    for (let match = pattern.exec(value); match !== null; match = pattern.exec(value)) {
      const span = stringSpan(context.doc.text, node, match.index, match.index + match[0].length);
      found.push(occurrence(context.doc, match[0], span.offset, span.length));
    }
  }
  return found.sort(byOccurrenceOffset);
}

function byOccurrenceOffset(a: IdOccurrence, b: IdOccurrence): number {
  return a.offset - b.offset;
}

// Keys, the control's own `id` values (duplicates included) and URLs cite nothing.
function isCitingText(node: Node, control: Node): boolean {
  const property = node.parent;
  if (property?.type !== 'property') return true;
  if (property.children?.[0] === node) return false;
  const key = property.children?.[0]?.value;
  return key !== 'url' && !(key === 'id' && property.parent === control);
}

/**
 * Runs the cross-file rules over the controls of a set of files, returning
 * findings per file. With `deferred`, each finding reads its message and
 * range from the rule's result when they are read. This keeps less in memory
 * until a report is written, but the findings are then not plain objects.
 */
export function catalogueFindings(
  controls: readonly ControlIds[],
  config: Config,
  overrides?: Readonly<Record<string, SeveritySetting>>,
  context: CatalogueContext = {},
  deferred = false,
): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const rule of CATALOGUE_RULES) {
    const severity = effectiveSeverity(rule.meta, config, overrides);
    if (severity === 'off') continue;
    for (const located of rule.check(controls, config, context)) {
      const list = byFile.get(located.file) ?? [];
      list.push(deferred ? new DeferredFinding(located, severity) : plainFinding(located, severity));
      byFile.set(located.file, list);
    }
  }
  return byFile;
}

function plainFinding(located: LocatedFinding, severity: Severity): Finding {
  const { rule, message, offset, length } = located.finding;
  return { rule, severity, message, range: located.range, offset, length };
}

/** A finding of a cross-file rule that reads its fields from the rule's result. */
class DeferredFinding implements Finding {
  constructor(
    private readonly located: LocatedFinding,
    readonly severity: Severity,
  ) {}

  get rule(): string {
    return this.located.finding.rule;
  }

  get message(): string {
    return this.located.finding.message;
  }

  get offset(): number {
    return this.located.finding.offset;
  }

  get length(): number {
    return this.located.finding.length;
  }

  get range(): Range {
    return this.located.range;
  }
}

/**
 * The part of a file's lint result that cross-file rules read and add to.
 * Results that store their findings in another form take the added ones
 * through `addFindings`; others have them pushed onto `findings`.
 */
export interface LintSetFile {
  file: string;
  readonly findings: Finding[];
  controls: readonly ControlIds[];
  addFindings?(findings: readonly Finding[]): void;
}

/** Runs the cross-file rules over a set of linted files, adding their findings in place. */
export function lintSet(
  results: readonly LintSetFile[],
  config: Config,
  overrides?: Readonly<Record<string, SeveritySetting>>,
  context: CatalogueContext = {},
): void {
  // Results that store added findings themselves take them deferred.
  const deferred = results.length > 0 && results.every((result) => result.addFindings !== undefined);
  const found = catalogueFindings(results.flatMap((result) => result.controls), config, overrides, context, deferred);
  for (const result of results) {
    const extra = found.get(result.file);
    if (!extra) continue;
    if (result.addFindings) {
      result.addFindings(extra);
      continue;
    }
    result.findings.push(...extra);
    stableSort(result.findings, byPosition);
  }
}

/** Orders findings by start offset, then by length. */
export function byPosition(a: Finding, b: Finding): number {
  return a.offset - b.offset || a.length - b.length;
}
