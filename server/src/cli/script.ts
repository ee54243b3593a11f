import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'jsonc-parser';
import { glob } from 'tinyglobby';
import { parseDocument } from '../core/parse';
import { analyzeTemplate, liveChangesInCheck, type TemplateAnalysis, type TemplatePart, templateParts } from '../core/template';
import { describeNodeType, nodeAt, objectElements, stringValue, valueOf } from '../core/tree';
import { findControlsFolder, readControlFile } from './files';

export type ScriptPart = 'check' | 'remediation' | 'all';

/** A control's script template, found by file path or id. */
export interface FoundScript {
  id: string;
  file: string;
  script: string;
}

/** Thrown for a target that names no single control with a script template; the message explains why. */
export class ScriptTargetError extends Error {}

/** Finds the control a `script` command names: a control file, a catalogue with an id, or an id alone. */
export async function findScript(target: string, id: string | undefined, cwd: string): Promise<FoundScript> {
  const file = path.resolve(cwd, target);
  if (fs.existsSync(file)) return scriptInFile(file, id, cwd);
  if (!/^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9]+-\d{3}$/.test(target)) {
    throw new ScriptTargetError(`${target}: no such file, and not a control id such as EDCA-SEC-001`);
  }
  const folder = findControlsFolder(cwd);
  const single = folder ? path.join(folder, `${target}.json`) : undefined;
  if (single && fs.existsSync(single)) return scriptInFile(single, target, cwd);
  const catalogues = await glob('**/controls.json', { cwd, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] });
  for (const catalogue of catalogues.sort()) {
    try {
      return scriptInFile(catalogue, target, cwd);
    } catch (error) {
      if (!(error instanceof ScriptTargetError)) throw error;
    }
  }
  throw new ScriptTargetError(`${target}: no control with this id in ${folder ? path.relative(cwd, folder) || '.' : 'a controls/ folder'} or a controls.json catalogue`);
}

function scriptInFile(file: string, id: string | undefined, cwd: string): FoundScript {
  const shown = path.relative(cwd, file).split(path.sep).join('/');
  const read = readControlFile(file);
  if ('problem' in read) throw new ScriptTargetError(`${shown}: ${read.problem}`);
  const root = parseDocument(read.text).root;
  let controls: Node[];
  if (root?.type === 'array') {
    controls = objectElements(root);
  } else if (root?.type === 'object') {
    controls = [root];
  } else if (root) {
    const rootType = describeNodeType(root);
    throw new ScriptTargetError(`${shown}: no control, because the root of the file is ${rootType}, not an object or an array of objects`);
  } else {
    throw new ScriptTargetError(`${shown}: no control, because the file is not JSON`);
  }
  const matching = controls.filter((node) => id === undefined || stringValue(valueOf(node, 'id'))?.toUpperCase() === id.toUpperCase());
  if (matching.length === 0) throw new ScriptTargetError(`${shown}: no control ${id ? `with id ${id}` : 'in this catalogue'}`);
  if (matching.length > 1) throw new ScriptTargetError(`${shown} contains ${matching.length} controls; name one with --id`);
  const control = matching[0];
  const script = stringValue(nodeAt(control, ['remediation', 'scriptTemplate']));
  if (script === undefined) throw new ScriptTargetError(`${shown}: the control has no remediation.scriptTemplate string`);
  return { id: stringValue(valueOf(control, 'id')) ?? id ?? '', file: shown, script };
}

/**
 * Returns the text of a part, with a note when the part is empty, or the
 * reason the check part cannot run. The check part is rejected when it changes
 * state or has no command, as the extension's Run Control Check rejects it.
 */
export function scriptPart(found: FoundScript, part: ScriptPart): { text: string; note?: string } | { refused: string } {
  const analysis = analyzeTemplate(found.script);
  const name = found.id || found.file;
  if (part === 'all') {
    if (found.script.trim() === '') return { text: '', note: `${name}: the script template is empty` };
    return { text: found.script };
  }
  const parts = templateParts(analysis);
  if (part === 'remediation') {
    if (parts.remediation.text.trim() !== '') return { text: parts.remediation.text };
    const reason = 'because the template has neither a REMEDIATION header nor an uncommented state-changing command';
    return { text: '', note: `${name}: the remediation part is empty, ${reason}` };
  }
  const live = liveChangesInCheck(analysis);
  if (live.length > 0) {
    const where = live.map((change) => `line ${change.line + 1} (${change.command})`).join(', ');
    return { refused: `${found.id}: the check part changes state at ${where}; it cannot run as a read-only check` };
  }
  if (!hasCommand(analysis, parts.check)) {
    return { refused: `${name}: the check part is empty: the template has no command before its remediation part, so a check would run nothing` };
  }
  return { text: parts.check.text };
}

// Returns whether a line of the part is neither blank nor a comment.
function hasCommand(analysis: TemplateAnalysis, part: TemplatePart): boolean {
  for (let line = part.startLine; line < part.endLine; line++) {
    const scriptLine = analysis.lines[line];
    if (scriptLine && !scriptLine.comment && scriptLine.text.trim() !== '') return true;
  }
  return false;
}

/** Describes the analysis as JSON: parts, headers, placeholders and state-changing lines, with 1-based lines. */
export function scriptJson(found: FoundScript): string {
  const analysis = analyzeTemplate(found.script);
  const parts = templateParts(analysis);
  const part = (p: { startLine: number; endLine: number }): { startLine: number; endLine: number } => ({ startLine: p.startLine + 1, endLine: p.endLine });
  const column = (offset: number, line: number): number => offset - (analysis.lines[line]?.start ?? 0) + 1;
  const report = {
    id: found.id,
    file: found.file,
    headers: {
      diagnostics: analysis.diagnosticsHeader ? { line: analysis.diagnosticsHeader.line + 1, style: analysis.diagnosticsHeader.style } : null,
      remediation: analysis.remediationHeader ? { line: analysis.remediationHeader.line + 1, style: analysis.remediationHeader.style } : null,
    },
    parts: { check: part(parts.check), remediation: part(parts.remediation) },
    placeholders: analysis.placeholders.map((p) => ({ line: p.line + 1, column: column(p.offset, p.line), text: p.text })),
    stateChanges: analysis.stateChanges.map((change) => ({
      line: change.line + 1,
      column: column(change.offset, change.line),
      command: change.command,
      commented: change.commented,
      part: change.line < analysis.remediationStart ? 'check' : 'remediation',
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
