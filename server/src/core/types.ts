// Types shared by the parser, the rules, the CLI and the language server.

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A zero-based LSP position: line, and character in UTF-16 code units. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One text replacement, in UTF-16 offsets of the document it was computed on. */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

/** A path of keys and indexes from the document root, as jsonc-parser writes it. */
export type JsonPath = Array<string | number>;

/**
 * A repair a rule proposes. Its edits apply together; `targets` lists the
 * values the fix may change, and every other value must survive it. A fix with
 * `rename` renames the file and only the editor applies it.
 */
export interface Fix {
  title: string;
  edits: TextEdit[];
  targets: JsonPath[];
  /** The fix "fix all" and `--fix` apply; a finding has at most one. */
  preferred?: boolean;
  /** False for fixes offered one at a time but never applied in bulk. */
  bulk?: boolean;
  rename?: { newName: string };
}

/** A finding inside one document, located by offsets until it is resolved. */
export interface RawFinding {
  rule: string;
  message: string;
  offset: number;
  length: number;
  fixes?: Fix[];
}

/** A finding with its resolved range and effective severity, as users see it. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  offset: number;
  length: number;
  fixes?: Fix[];
}

export type RuleKind = 'syntax' | 'schema' | 'control' | 'catalogue' | 'links';

/** Metadata every rule exports about itself, documented in docs/rules/<id>.md. */
export interface RuleMeta {
  id: string;
  description: string;
  severity: Severity;
  fixable: boolean;
  kind: RuleKind;
}
