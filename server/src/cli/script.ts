import * as fs from 'node:fs';
import * as path from 'node:path';
import { getNodeValue, type Node } from 'jsonc-parser';
import { glob } from 'tinyglobby';
import { parseDocument } from '../core/parse';
import { analyzeTemplate, liveChangesInCheck, templateParts } from '../core/template';
import { nodeAt, stringValue, valueOf } from '../core/tree';
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
  const doc = parseDocument(read.text);
  let controls: Node[] = [];
  if (doc.root?.type === 'array') controls = doc.root.children ?? [];
  else if (doc.root) controls = [doc.root];
  const matching = controls.filter((node) => id === undefined || stringValue(valueOf(node, 'id'))?.toUpperCase() === id.toUpperCase());
  if (matching.length === 0) throw new ScriptTargetError(`${shown}: no control${id ? ` with id ${id}` : ''}`);
  if (matching.length > 1) throw new ScriptTargetError(`${shown} contains ${matching.length} controls; name one with --id`);
  const control = matching[0];
  const script = getNodeValue(nodeAt(control, ['remediation', 'scriptTemplate']) as never) as unknown;
  if (typeof script !== 'string') throw new ScriptTargetError(`${shown}: the control has no remediation.scriptTemplate string`);
  return { id: stringValue(valueOf(control, 'id')) ?? id ?? '', file: shown, script };
}

/** Returns the text of a part, or the reason the check part cannot run. */
export function scriptPart(found: FoundScript, part: ScriptPart): { text: string } | { refused: string } {
  const analysis = analyzeTemplate(found.script);
  if (part === 'all') return { text: found.script };
  const parts = templateParts(analysis);
  if (part === 'remediation') return { text: parts.remediation.text };
  const live = liveChangesInCheck(analysis);
  if (live.length > 0) {
    const where = live.map((change) => `line ${change.line + 1} (${change.command})`).join(', ');
    return { refused: `${found.id}: the check part changes state at ${where}; it cannot run as a read-only check` };
  }
  return { text: parts.check.text };
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
