import picomatch from 'picomatch';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from '../core/config';
import { IncrementalLinter } from '../core/incremental';
import { byPosition, catalogueFindings, type FileResult, type LintOptions, lintText } from '../core/lint';
import type { Finding, Position, SeveritySetting } from '../core/types';

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
  result: FileResult;
  /** Cross-file findings at the last publication, compared to find what changed; undefined before the first. */
  catalogueFindings: readonly Finding[] | undefined;
}

export interface WorkspaceOptions {
  folders: Folder[];
  files: string[];
  overrides: Record<string, SeveritySetting>;
  configFor: (uri: string) => Config;
  onRuleError: (uri: string, rule: string, error: unknown) => void;
  /** Findings that come from outside the lint core, such as link checks. */
  extraFindings?: (text: string, config: Config) => Finding[];
}

/** The set of control files in the workspace, their per-file findings and the cross-file findings. */
export class ControlWorkspace {
  private readonly entries = new Map<string, Entry>();
  /** A linter per open document, which keeps the findings of unchanged catalogue elements between edits. */
  private readonly linters = new Map<string, IncrementalLinter>();
  private catalogue = new Map<string, Finding[]>();
  private matcher: (file: string) => boolean;

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
    const options = this.lintOptions(uri, file, config);
    const key = entryKey(uri);
    const result = open ? this.linterFor(key).lint(text, options) : lintText(text, options);
    if (!open) {
      this.linters.delete(key);
      // Code actions re-lint the open text, so a closed file's fixes would only take memory.
      for (const finding of result.findings) delete finding.fixes;
    }
    if (isCatalogueName(uri) && result.kind !== 'catalogue') {
      this.remove(uri);
      return undefined;
    }
    const extra = this.options.extraFindings?.(text, config) ?? [];
    const withExtra = extra.length === 0 ? result : { ...result, findings: [...result.findings, ...extra].sort(byPosition) };
    const previous = this.entries.get(key);
    const entry: Entry = { uri, file, open, version, result: withExtra, catalogueFindings: previous?.catalogueFindings };
    this.entries.set(key, entry);
    return entry;
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
    const extra = this.catalogue.get(entry.file);
    if (!extra || extra.length === 0) return entry.result.findings;
    return [...entry.result.findings, ...extra].sort(byPosition);
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
