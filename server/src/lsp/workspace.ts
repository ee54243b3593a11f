import picomatch from 'picomatch';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from '../core/config';
import { IncrementalLinter } from '../core/incremental';
import type { LinkResult } from '../core/links/types';
import { byPosition, catalogueFindings, type DocumentKind, type LintOptions } from '../core/lint';
import type { ControlSummary } from '../core/rules/rule';
import type { Finding, Position, SeveritySetting } from '../core/types';
import { type LintedFile, type LintSettings, lintClosedText, type RuleFailure, withLinkFindings } from '../workers/lint-file';
import { countPacked, type PackedFindings, unpackFindings } from '../core/packed';

/** A workspace folder the server indexes. */
export interface Folder {
  uri: string;
  fsPath: string;
  name: string;
}

/** One control file or catalogue known to the server, open in an editor or read from disk. */
export interface Entry {
  uri: string;
  /** The path shown in messages: relative to its workspace folder. */
  file: string;
  open: boolean;
  version: number | null;
  result: StoredResult;
  /** Cross-file findings at the last publication, compared to find what changed; undefined before the first. */
  catalogueFindings: readonly Finding[] | undefined;
}

/**
 * A file's lint result as the workspace keeps it. An open file's findings are
 * objects with their fixes. A closed file's are packed, without fixes,
 * because code actions lint the text again once the file is open.
 */
export interface StoredResult {
  file: string;
  kind: DocumentKind;
  findings: Finding[] | PackedFindings;
  controls: ControlSummary[];
}

/** A control file found on disk, with the names the workspace gives it. */
export interface IndexedFile {
  fsPath: string;
  uri: string;
  /** The path shown in messages, as for an entry. */
  file: string;
  folder: Folder;
}

export interface WorkspaceOptions {
  folders: Folder[];
  files: string[];
  overrides: Record<string, SeveritySetting>;
  configFor: (uri: string) => Config;
  onRuleError: (uri: string, rule: string, error: unknown) => void;
  /** Results of earlier link checks, whose findings are added to each file; undefined when there are none. */
  linkResults?: () => ReadonlyMap<string, LinkResult> | undefined;
}

/** The set of control files in the workspace, their per-file findings and the cross-file findings. */
export class ControlWorkspace {
  private readonly entries = new Map<string, Entry>();
  /** A linter per open document, which keeps the findings of unchanged catalogue elements between edits. */
  private readonly linters = new Map<string, IncrementalLinter>();
  private catalogue = new Map<string, Finding[]>();
  private matcher: (file: string) => boolean;
  /** Severities, categories and framework names seen, each kept once. */
  private readonly sharedStrings = new Map<string, string>();
  /** Each folder's path and URI with a trailing separator, for `indexedFile`. */
  private readonly folderPrefixes = new Map<Folder, { path: string; uri: string }>();

  constructor(private options: WorkspaceOptions) {
    this.matcher = picomatch(options.files, { dot: true });
  }

  /** Replaces the options; callers re-lint every entry afterwards. */
  configure(options: WorkspaceOptions): void {
    this.options = options;
    this.matcher = picomatch(options.files, { dot: true });
  }

  get size(): number {
    return this.entries.size;
  }

  get(uri: string): Entry | undefined {
    return this.entries.get(entryKey(uri));
  }

  all(): IterableIterator<Entry> {
    return this.entries.values();
  }

  /** Tells whether a file URI matches the control file globs inside a workspace folder. */
  isControlFile(uri: string): boolean {
    const relative = this.relativePath(uri);
    return relative !== undefined && this.matcher(relative);
  }

  /** Lints a text as the current content of a file; returns undefined for files that are not controls. */
  update(uri: string, text: string, version: number | null, open: boolean): Entry | undefined {
    const file = this.displayPath(uri);
    const config = this.options.configFor(uri);
    const key = entryKey(uri);
    if (!open) return this.storeLinted(key, uri, file, lintClosedText(text, file, this.lintSettings(config)));
    const result = this.linterFor(key).lint(text, this.lintOptions(uri, file, config));
    if (isCatalogueName(uri) && result.kind !== 'catalogue') {
      this.remove(uri);
      return undefined;
    }
    const findings = withLinkFindings(result.findings, text, this.lintSettings(config));
    const stored: StoredResult = { file: result.file, kind: result.kind, findings, controls: result.controls };
    return this.store(key, uri, file, open, version, stored);
  }

  /** Keeps the result of a closed file linted elsewhere, such as on a worker thread; returns undefined for files that are not controls. */
  storeClosed(indexed: IndexedFile, linted: LintedFile): Entry | undefined {
    return this.storeLinted(indexed.uri, indexed.uri, indexed.file, linted);
  }

  private storeLinted(key: string, uri: string, file: string, linted: LintedFile): Entry | undefined {
    for (const failure of linted.ruleFailures) this.options.onRuleError(uri, failure.rule, ruleError(failure));
    this.linters.delete(key);
    if (isCatalogueName(uri) && linted.kind !== 'catalogue') {
      this.remove(uri);
      return undefined;
    }
    const controls = linted.controls.map((control) => this.shareStrings(control, file));
    const result: StoredResult = { file, kind: KINDS[linted.kind], findings: linted.findings, controls };
    return this.store(key, uri, file, false, null, result);
  }

  // Results from a worker arrive with their own copy of every string, so the
  // kind, the file path and the values that repeat across controls are
  // replaced by one shared copy each.
  private shareStrings(control: ControlSummary, file: string): ControlSummary {
    control.file = file;
    if (control.severity !== undefined) control.severity = this.shared(control.severity);
    if (control.category !== undefined) control.category = this.shared(control.category);
    control.frameworks = control.frameworks.map((framework) => this.shared(framework));
    return control;
  }

  private shared(value: string): string {
    const known = this.sharedStrings.get(value);
    if (known !== undefined) return known;
    if (this.sharedStrings.size < MAX_SHARED_STRINGS) this.sharedStrings.set(value, value);
    return value;
  }

  // The entry is built as a literal. Made by spreading another object, each
  // entry had a hidden class of its own in Node 20 (V8 11.3): about 250 bytes
  // per file.
  private store(key: string, uri: string, file: string, open: boolean, version: number | null, result: StoredResult): Entry {
    const entry: Entry = { uri, file, open, version, result, catalogueFindings: this.entries.get(key)?.catalogueFindings };
    this.entries.set(key, entry);
    return entry;
  }

  /** Returns what the lint core needs to lint a closed file with a configuration, apart from its text and name. */
  lintSettings(config: Config): LintSettings {
    const settings: LintSettings = { config, overrides: this.options.overrides };
    const linkResults = this.options.linkResults?.();
    if (linkResults) settings.linkResults = linkResults;
    return settings;
  }

  /**
   * Describes a file that the control file globs of `folder` matched, given
   * its path relative to the folder with `/` separators. Returns undefined
   * when an earlier workspace folder contains the file, which then indexes it.
   */
  indexedFile(folder: Folder, relative: string): IndexedFile | undefined {
    // A relative path of characters that URIs never encode, and with no dot
    // segments, is appended to the folder's path and URI, which costs a
    // fraction of path.join and pathToFileURL for each of thousands of files.
    const plain = isPlainRelativePath(relative);
    const prefix = plain ? this.folderPrefix(folder) : undefined;
    const fsPath = prefix ? prefix.path + toPlatformPath(relative) : path.join(folder.fsPath, relative);
    for (const other of this.options.folders) {
      if (other === folder) break;
      if (isInside(other.fsPath, fsPath)) return undefined;
    }
    const file = this.options.folders.length > 1 ? `${folder.name}/${relative}` : relative;
    return { fsPath, uri: prefix ? prefix.uri + relative : toUri(fsPath), file, folder };
  }

  // Returns the folder's path and URI, each with a trailing separator.
  private folderPrefix(folder: Folder): { path: string; uri: string } {
    let prefix = this.folderPrefixes.get(folder);
    if (prefix === undefined) {
      const probe = path.join(folder.fsPath, 'x');
      prefix = { path: probe.slice(0, -1), uri: toUri(probe).slice(0, -1) };
      this.folderPrefixes.set(folder, prefix);
    }
    return prefix;
  }

  /** Returns the options the core needs to lint one file of this workspace. */
  lintOptions(uri: string, file = this.displayPath(uri), config = this.options.configFor(uri)): LintOptions {
    return {
      file,
      config,
      overrides: this.options.overrides,
      onRuleError: (rule, error) => this.options.onRuleError(uri, rule, error),
      nextFreeId: (code) => this.nextFreeId(code, config.idPrefix),
    };
  }

  /** Returns the id after the highest one in use for an id code, or undefined when 999 is taken. */
  nextFreeId(code: string, prefix: string): string | undefined {
    const pattern = new RegExp(`^${prefix}-${code}-(\\d{3})$`, 'i');
    let highest = 0;
    for (const entry of this.entries.values()) {
      for (const control of entry.result.controls) {
        const number = pattern.exec(control.id?.id ?? '')?.[1];
        if (number) highest = Math.max(highest, Number(number));
      }
    }
    return highest >= 999 ? undefined : `${prefix}-${code}-${String(highest + 1).padStart(3, '0')}`;
  }

  /** Returns the key of a file's entry: the URI that `toUri` gives for its path. */
  keyOf(uri: string): string {
    return entryKey(uri);
  }

  remove(uri: string): boolean {
    this.linters.delete(entryKey(uri));
    return this.entries.delete(entryKey(uri));
  }

  private linterFor(key: string): IncrementalLinter {
    let linter = this.linters.get(key);
    if (!linter) {
      linter = new IncrementalLinter();
      this.linters.set(key, linter);
    }
    return linter;
  }

  /** Re-runs the cross-file rules; returns the entries whose cross-file findings changed. */
  refreshCatalogue(config: Config): Entry[] {
    const controls = [...this.entries.values()].flatMap((entry) => entry.result.controls);
    this.catalogue = catalogueFindings(controls, config, this.options.overrides);
    const changed: Entry[] = [];
    for (const entry of this.entries.values()) {
      const findings = this.catalogue.get(entry.file) ?? NO_FINDINGS;
      if (!entry.catalogueFindings || !sameFindings(findings, entry.catalogueFindings)) changed.push(entry);
      entry.catalogueFindings = findings;
    }
    return changed;
  }

  /** Returns every finding of a file: its own and those of the cross-file rules. */
  findings(entry: Entry): Finding[] {
    const own = ownFindings(entry.result);
    const extra = this.catalogue.get(entry.file);
    if (!extra || extra.length === 0) return own;
    return [...own, ...extra].sort(byPosition);
  }

  /** Adds the errors and warnings of a file, its own and cross-file ones, to `counts`. */
  countFindings(entry: Entry, counts: { errors: number; warnings: number }): void {
    const own = entry.result.findings;
    if (Array.isArray(own)) countFindings(own, counts);
    else countPacked(own, counts);
    countFindings(this.catalogue.get(entry.file) ?? NO_FINDINGS, counts);
  }

  /** Returns the workspace folder holding a file URI. */
  folderOf(uri: string): Folder | undefined {
    const fsPath = toFsPath(uri);
    if (!fsPath) return undefined;
    return this.options.folders.find((folder) => isInside(folder.fsPath, fsPath));
  }

  private relativePath(uri: string): string | undefined {
    const folder = this.folderOf(uri);
    const fsPath = toFsPath(uri);
    if (!folder || !fsPath) return undefined;
    return path.relative(folder.fsPath, fsPath).split(path.sep).join('/');
  }

  // Paths in messages are relative to the folder; with several folders they start with its name.
  private displayPath(uri: string): string {
    const relative = this.relativePath(uri);
    if (relative === undefined) return toFsPath(uri) ?? uri;
    return this.options.folders.length > 1 ? `${this.folderOf(uri)?.name}/${relative}` : relative;
  }
}

// VS Code and Node percent-encode file URIs differently (VS Code encodes "@",
// for one), so entries are keyed by the URI Node writes for the file's path.
function entryKey(uri: string): string {
  const fsPath = toFsPath(uri);
  return fsPath ? toUri(fsPath) : uri;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

// True when the path's URI form is the same text: unreserved characters and
// single slashes, with no "." or ".." segment for path.join to resolve.
function isPlainRelativePath(relative: string): boolean {
  return /^[\w.~-]+(?:\/[\w.~-]+)*$/.test(relative) && !/(?:^|\/)\.\.?(?:\/|$)/.test(relative);
}

function toPlatformPath(relative: string): string {
  return path.sep === '/' ? relative : relative.replaceAll('/', path.sep);
}

/** Maximum number of distinct strings that `shareStrings` keeps, so that odd values in many files cannot grow the table without bound. */
const MAX_SHARED_STRINGS = 1000;

const KINDS: Readonly<Record<DocumentKind, DocumentKind>> = { control: 'control', catalogue: 'catalogue', unknown: 'unknown' };

function ownFindings(result: StoredResult): Finding[] {
  return Array.isArray(result.findings) ? result.findings : unpackFindings(result.findings);
}

function countFindings(findings: readonly Finding[], counts: { errors: number; warnings: number }): void {
  for (const finding of findings) {
    if (finding.severity === 'error') counts.errors++;
    else if (finding.severity === 'warning') counts.warnings++;
  }
}

// Rule failures from a worker arrive as text, so they are logged as errors with that stack.
function ruleError(failure: RuleFailure): Error {
  const error = new Error(failure.detail);
  error.stack = failure.detail;
  return error;
}

// Compares what a publication shows of cross-file findings, which carry no fixes.
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((finding, i) => {
    const other = b[i] as Finding;
    return (
      finding.rule === other.rule &&
      finding.severity === other.severity &&
      finding.message === other.message &&
      finding.offset === other.offset &&
      finding.length === other.length &&
      samePosition(finding.range.start, other.range.start) &&
      samePosition(finding.range.end, other.range.end)
    );
  });
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function isCatalogueName(uri: string): boolean {
  return /\/controls\.json$/i.test(uri);
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Converts a file URI to a path; other schemes give undefined. */
export function toFsPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function toUri(fsPath: string): string {
  return pathToFileURL(fsPath).href;
}
