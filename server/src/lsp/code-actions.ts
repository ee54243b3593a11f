import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../core/docs';
import { applyEdits, fixText, verifyFix } from '../core/fix';
import type { Finding, Fix } from '../core/types';
import { SOURCE } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.controlStudio`;
export const SHOW_DOCS_COMMAND = 'controlStudio.showRuleDocs';

export interface CodeActionContext {
  document: TextDocument;
  /** Lints the document's current text with the per-file rules. */
  lint: (text: string) => Finding[];
  packageRoot: string;
  canRenameFiles: boolean;
  fileExists: (uri: string) => boolean;
  log: (message: string) => void;
}

/** Builds the quick fixes, "fix all" actions and documentation links for a code action request. */
export function codeActions(params: CodeActionParams, context: CodeActionContext): CodeAction[] {
  const only = params.context.only;
  if (only?.some((kind) => kind === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${kind}.`))) {
    const action = fixAll(context, FIX_ALL_KIND, 'Fix all Control Studio problems');
    return action ? [action] : [];
  }
  if (only && !only.includes(CodeActionKind.QuickFix)) return [];
  // Fixes come from a fresh lint of the current text, so their offsets belong to this version.
  const findings = context.lint(context.document.getText());
  const actions: CodeAction[] = [];
  const rulesWithFixes = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') continue;
    const finding = findings.find((f) => matches(f, diagnostic));
    for (const fix of finding?.fixes ?? []) {
      const action = quickFix(context, diagnostic, fix);
      if (action) actions.push(action);
    }
    if (finding?.fixes?.length) rulesWithFixes.add(finding.rule);
    actions.push(showDocs(context, diagnostic.code, diagnostic));
  }
  for (const rule of rulesWithFixes) {
    const count = findings.filter((f) => f.rule === rule && f.fixes?.some((fix) => fix.preferred && fix.bulk !== false)).length;
    if (count < 2) continue;
    const action = fixAll(context, CodeActionKind.QuickFix, `Fix all ${rule} problems in this file`, rule);
    if (action) actions.push(action);
  }
  return actions;
}

// Findings of one rule can share a range, e.g. two properties missing from one
// object, so the message must match as well.
function matches(finding: Finding, diagnostic: Diagnostic): boolean {
  return finding.rule === diagnostic.code && finding.message === diagnostic.message && sameRange(finding, diagnostic);
}

function sameRange(finding: Finding, diagnostic: Diagnostic): boolean {
  const a = finding.range;
  const b = diagnostic.range;
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function quickFix(context: CodeActionContext, diagnostic: Diagnostic, fix: Fix): CodeAction | undefined {
  const edit = fix.rename ? renameEdit(context, fix.rename.newName) : textEdit(context, fix);
  if (!edit) return undefined;
  const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
  if (fix.preferred) action.isPreferred = true;
  return action;
}

// Every edit is checked before it is offered: the result must be strict JSON
// that differs from the original only in the values the fix targets.
function textEdit(context: CodeActionContext, fix: Fix): WorkspaceEdit | undefined {
  const text = context.document.getText();
  const reason = verifyFix(text, applyEdits(text, fix.edits), fix.targets);
  if (reason) {
    context.log(`Fix "${fix.title}" for ${context.document.uri} was not offered: ${reason}`);
    return undefined;
  }
  const edits = fix.edits.map((edit) => toLspEdit(context.document, edit.offset, edit.length, edit.newText));
  return versioned(context.document, edits);
}

// A file name without a path separator, "." or "..", so the file stays in its folder.
const PLAIN_FILE_NAME = /^(?!\.\.?$)[^/\\\u0000-\u001f]+$/;

function renameEdit(context: CodeActionContext, newName: string): WorkspaceEdit | undefined {
  if (!context.canRenameFiles || !PLAIN_FILE_NAME.test(newName)) return undefined;
  const oldUri = context.document.uri;
  const newUri = `${oldUri.slice(0, oldUri.lastIndexOf('/') + 1)}${encodeURIComponent(newName)}`;
  if (context.fileExists(newUri)) return undefined;
  return { documentChanges: [{ kind: 'rename', oldUri, newUri, options: { overwrite: false, ignoreIfExists: false } }] };
}

function fixAll(context: CodeActionContext, kind: string, title: string, rule?: string): CodeAction | undefined {
  const text = context.document.getText();
  const outcome = fixText(text, context.lint, (finding) => rule === undefined || finding.rule === rule);
  for (const rejected of outcome.rejected) context.log(`Fix "${rejected.title}" for ${context.document.uri} was not applied: ${rejected.reason}`);
  if (outcome.text === text) return undefined;
  return { title, kind, edit: versioned(context.document, [minimalEdit(context.document, text, outcome.text)]) };
}

// One edit spanning from the first to the last changed character keeps the cursor and folding stable.
function minimalEdit(document: TextDocument, before: string, after: string): LspTextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return toLspEdit(document, start, before.length - end - start, after.slice(start, after.length - end));
}

function toLspEdit(document: TextDocument, offset: number, length: number, newText: string): LspTextEdit {
  return { range: { start: document.positionAt(offset), end: document.positionAt(offset + length) }, newText };
}

// The version makes the editor refuse the edit if the document changed since.
function versioned(document: TextDocument, edits: LspTextEdit[]): WorkspaceEdit {
  const change: TextDocumentEdit = { textDocument: { uri: document.uri, version: document.version }, edits };
  return { documentChanges: [change] };
}

function showDocs(context: CodeActionContext, rule: string, diagnostic: Diagnostic): CodeAction {
  const url = ruleDocsUrl(context.packageRoot, rule);
  return {
    title: `Show documentation for ${rule}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show documentation for ${rule}`, command: SHOW_DOCS_COMMAND, arguments: [url] },
  };
}
