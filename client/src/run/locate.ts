// Finds controls and their script templates in a parsed control file: a
// single control (root object) or a catalogue (root array of controls).
import type { Node } from 'jsonc-parser';
import type { ParsedDocument } from '../../../server/src/core/parse';
import { nodeAt, stringValue, valueOf } from '../../../server/src/core/tree';

/** A reference to one control of a file: the root object, or an element of a catalogue by id and index. */
export interface ControlRef {
  /** Index in the catalogue array; undefined for a file whose root is the control. */
  index: number | undefined;
  /** The control's id when it has one; it finds the control again after elements moved. */
  id: string | undefined;
}

/** A control found in a document, with its `remediation.scriptTemplate` string node when there is one. */
export interface LocatedControl {
  ref: ControlRef;
  node: Node;
  id: string | undefined;
  title: string | undefined;
  /** The string node of `remediation.scriptTemplate`; undefined when it is missing or not a string. */
  scriptNode: Node | undefined;
  /** The property node `"scriptTemplate": ...`, for placing a CodeLens above the key. */
  scriptProperty: Node | undefined;
}

/** Lists the controls of a document in source order. */
export function controlsIn(doc: ParsedDocument): LocatedControl[] {
  const root = doc.root;
  if (root?.type === 'object') return [located(root, undefined)];
  if (root?.type !== 'array') return [];
  return (root.children ?? []).flatMap((child, index) => (child.type === 'object' ? [located(child, index)] : []));
}

function located(node: Node, index: number | undefined): LocatedControl {
  const id = stringValue(valueOf(node, 'id'));
  const scriptValue = nodeAt(node, ['remediation', 'scriptTemplate']);
  return {
    ref: { index, id },
    node,
    id,
    title: stringValue(valueOf(node, 'title')),
    scriptNode: scriptValue?.type === 'string' ? scriptValue : undefined,
    scriptProperty: scriptValue?.parent,
  };
}

/** Returns the control whose text contains the offset. */
export function controlAt(doc: ParsedDocument, offset: number): LocatedControl | undefined {
  return controlsIn(doc).find((control) => control.node.offset <= offset && offset <= control.node.offset + control.node.length);
}

/**
 * Finds a control again: by id when exactly one control has it, otherwise by
 * index, and for a single-control file its root.
 */
export function findControl(doc: ParsedDocument, ref: ControlRef): LocatedControl | undefined {
  const controls = controlsIn(doc);
  if (ref.index === undefined) return doc.root?.type === 'object' ? controls[0] : undefined;
  if (ref.id) {
    const sameId = controls.filter((control) => control.id === ref.id);
    if (sameId.length === 1) return sameId[0];
  }
  return controls.find((control) => control.ref.index === ref.index);
}

/** Returns the value of the script template's string node. */
export function scriptOf(control: LocatedControl): string | undefined {
  return typeof control.scriptNode?.value === 'string' ? control.scriptNode.value : undefined;
}

/** Names a control in messages: its id, or its position when it has none. */
export function controlLabel(control: LocatedControl): string {
  if (control.id) return control.id;
  return control.ref.index === undefined ? 'the control' : `the control at index ${control.ref.index}`;
}
