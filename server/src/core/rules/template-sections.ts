import { pathOf } from '../edits';
import { escapeJsonString, stringSpan } from '../strings';
import type { Fix, RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';
import { type ScriptTemplate, scriptTemplateOf } from './script';

export const templateSections: ControlRule = {
  meta: {
    id: 'template-sections',
    description: 'A script template labels its read-only diagnostics part and its remediation part.',
    severity: 'info',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const template = scriptTemplateOf(context);
    if (!template || template.node.value === '') return [];
    const { diagnosticsHeader, remediationHeader } = template.analysis;
    if (diagnosticsHeader && remediationHeader) return [];
    const missing = [diagnosticsHeader ? '' : '# === DIAGNOSTICS ===', remediationHeader ? '' : '# === REMEDIATION ==='];
    const message = `Script template has no ${missing.filter(Boolean).join(' or ')} header; label its read-only and state-changing parts`;
    const finding = onNode(template.node, 'template-sections', message);
    if (context.includeFixes) finding.fixes = [labelParts(context.doc.text, template)];
    return [finding];
  },
};

// Inserts the missing headers at the split the analysis found and comments out
// the live state-changing lines below the remediation header. Offered one at a
// time only: an author reviews where the split falls.
function labelParts(text: string, template: ScriptTemplate): Fix {
  const { analysis, node } = template;
  const script = String(node.value);
  const eol = script.includes('\r\n') ? '\r\n' : '\n';
  const inserts: Array<{ at: number; text: string }> = [];
  if (!analysis.diagnosticsHeader) inserts.push({ at: 0, text: `# === DIAGNOSTICS ===${eol}` });
  if (!analysis.remediationHeader) {
    const line = analysis.lines[analysis.remediationStart];
    if (line) inserts.push({ at: line.start, text: `# === REMEDIATION ===${eol}` });
    else inserts.push({ at: script.length, text: `${eol}# === REMEDIATION ===` });
  }
  const liveLines = new Set(analysis.stateChanges.filter((c) => !c.commented && c.line >= analysis.remediationStart).map((c) => c.line));
  for (const index of liveLines) {
    const line = analysis.lines[index];
    if (line) inserts.push({ at: line.start + (line.text.length - line.text.trimStart().length), text: '# ' });
  }
  // Inserts at one position become one edit, in the order they were listed.
  const merged = new Map<number, string>();
  for (const insert of inserts) merged.set(insert.at, (merged.get(insert.at) ?? '') + insert.text);
  const edits = [...merged].map(([at, inserted]) => {
    const offset = stringSpan(text, node, at, at).offset;
    return { offset, length: 0, newText: escapeJsonString(inserted) };
  });
  const title = liveLines.size > 0 ? 'Label the script parts and comment out live remediation' : 'Label the script parts';
  return { title, edits, targets: [pathOf(node)], bulk: false };
}
