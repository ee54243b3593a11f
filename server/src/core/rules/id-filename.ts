import { pathOf, replaceString } from '../edits';
import { valueOf } from '../tree';
import type { Fix, RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';

export const idFilename: ControlRule = {
  meta: {
    id: 'id-filename',
    description: 'A single-control file must be named after its id: <id>.json.',
    severity: 'error',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const id = context.value.id;
    const node = valueOf(context.node, 'id');
    if (context.fileName === undefined || typeof id !== 'string' || !node) return [];
    if (context.fileName === `${id}.json`) return [];
    const message = `File name "${context.fileName}" does not match the id; expected "${id}.json"`;
    const finding = onNode(node, 'id-filename', message);
    if (!context.includeFixes) return [finding];
    const fixes: Fix[] = [];
    const idForm = new RegExp(`^${context.config.idPrefix}-[A-Z][A-Z0-9]*-\\d{3}$`);
    // Renaming is for the editor: the CLI reports and never moves files. Only
    // an id of the configured form, which has no path separator or "..", names the file.
    if (idForm.test(id)) fixes.push({ title: `Rename the file to ${id}.json`, edits: [], targets: [], rename: { newName: `${id}.json` } });
    const stem = context.fileName.replace(/\.json$/i, '');
    if (idForm.test(stem)) {
      fixes.push({ title: `Change the id to ${stem}`, edits: [replaceString(node, stem)], targets: [pathOf(node)] });
    }
    if (fixes.length > 0) finding.fixes = fixes;
    return [finding];
  },
};
