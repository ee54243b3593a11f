import type { Node } from 'jsonc-parser';
import type { Config } from '../config';
import type { ParsedDocument } from '../parse';
import { stringSpan } from '../strings';
import type { RawFinding, Range, RuleMeta } from '../types';

/** One control inside a document: a single-control file's root or a catalogue element. */
export interface ControlContext {
  doc: ParsedDocument;
  node: Node;
  /** The value strict readers see: for duplicate keys, the last one. */
  value: Record<string, unknown>;
  config: Config;
  /** Whether rules attach fixes to their findings. It is false when the caller needs none, so rules skip that work. */
  includeFixes: boolean;
  /** The file's base name, for a single-control file; undefined inside a catalogue. */
  fileName?: string;
  /** Returns the next unused id for an id code, when the caller knows the other controls. */
  nextFreeId?: (code: string) => string | undefined;
}

/** A rule that reads what the parser found in the raw text. */
export interface SyntaxRule {
  meta: RuleMeta & { kind: 'syntax' };
  /** Returns the document's findings, with fixes only when `includeFixes` is true. */
  check(doc: ParsedDocument, includeFixes: boolean): RawFinding[];
}

/** A rule that checks one control at a time. */
export interface ControlRule {
  meta: RuleMeta & { kind: 'control' | 'schema' };
  check(context: ControlContext): RawFinding[];
}

/** A control id and its location, kept after the document is gone. */
export interface IdOccurrence {
  id: string;
  offset: number;
  length: number;
  range: Range;
}

/** The part of a control that cross-file rules read: its file, its id and the ids it cites. */
export interface ControlIds {
  file: string;
  id?: IdOccurrence;
  citations: readonly IdOccurrence[];
}

/** The facts about one control that cross-file rules and the editor's index use. */
export interface ControlSummary extends ControlIds {
  /** The control object in its document. */
  range: Range;
  title?: string;
  severity?: string;
  severityWeight?: number;
  category?: string;
  frameworks: string[];
}

/** A finding of a cross-file rule, with the file it belongs to. */
export interface LocatedFinding {
  file: string;
  finding: RawFinding;
  range: Range;
}

/** Knowledge of the caller beyond the linted set. */
export interface CatalogueContext {
  /** Ids of controls that exist but are not linted, in upper case, e.g. files beside a linted file. */
  knownIds?: ReadonlySet<string>;
}

/** A rule that checks the whole linted set of controls at once. */
export interface CatalogueRule {
  meta: RuleMeta & { kind: 'catalogue' };
  check(controls: readonly ControlIds[], config: Config, context: CatalogueContext): LocatedFinding[];
}

/** A rule reported by the link check, which runs apart from linting because it needs the network. */
export interface LinkRule {
  meta: RuleMeta & { kind: 'links' };
}

export type Rule = SyntaxRule | ControlRule | CatalogueRule | LinkRule;

/** Builds a finding on characters [start, end) of a string node's decoded value. */
export function inString(context: ControlContext, node: Node, start: number, end: number, rule: string, message: string): RawFinding {
  const span = stringSpan(context.doc.text, node, start, end);
  return { rule, message, offset: span.offset, length: span.length };
}

/** Builds a finding covering a whole node. */
export function onNode(node: Node, rule: string, message: string): RawFinding {
  return { rule, message, offset: node.offset, length: node.length };
}

/** Escapes a string for use in a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
