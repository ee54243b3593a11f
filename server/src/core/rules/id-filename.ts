import { valueOf } from '../tree';
import type { RawFinding } from '../types';
import { type ControlContext, type ControlRule, onNode } from './rule';

export const idFilename: ControlRule = {
  meta: {
    id: 'id-filename',
    description: 'A single-control file must be named after its id: <id>.json.',
    severity: 'error',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const id = context.value.id;
    const node = valueOf(context.node, 'id');
    if (context.fileName === undefined || typeof id !== 'string' || !node) return [];
    if (context.fileName === `${id}.json`) return [];
    const message = `File name "${context.fileName}" does not match the id; expected "${id}.json"`;
    return [onNode(node, 'id-filename', message)];
  },
};
