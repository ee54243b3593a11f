import type { Node } from 'jsonc-parser';
import { nodeAt } from '../tree';
import type { ControlContext } from './rule';

/** Paths of the prose fields of a control. */
export const PROSE_FIELDS: ReadonlyArray<readonly string[]> = [
  ['title'],
  ['description'],
  ['remediation', 'description'],
  ['considerations'],
];

export interface ProseField {
  node: Node;
  text: string;
}

/** Returns the string nodes of the given fields that exist in the control. */
export function proseFields(context: ControlContext, paths = PROSE_FIELDS): ProseField[] {
  const fields: ProseField[] = [];
  for (const path of paths) {
    const node = nodeAt(context.node, path);
    if (node?.type === 'string' && typeof node.value === 'string') fields.push({ node, text: node.value });
  }
  return fields;
}
