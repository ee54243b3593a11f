import { getLocation, type Location as JsonLocation, type Node } from 'jsonc-parser';
import type { ParsedDocument } from '../core/parse';
import { nodeAt } from '../core/tree';

/** The location of a position in a control document, for completion and hover. */
export interface PositionContext {
  offset: number;
  location: JsonLocation;
  /** The path from the control object, without a catalogue's element index. */
  path: Array<string | number>;
  /** The control object around the position. */
  control?: Node;
  /** The node the position is in or just after, when there is one. */
  node?: Node;
}

/** Locates an offset in a parsed control file or catalogue. */
export function contextAt(doc: ParsedDocument, offset: number): PositionContext {
  const location = getLocation(doc.text, offset);
  const catalogue = doc.root?.type === 'array';
  const path = catalogue ? location.path.slice(1) : [...location.path];
  const control = catalogue ? nodeAt(doc.root, location.path.slice(0, 1)) : doc.root;
  const node = location.previousNode;
  return {
    offset,
    location,
    path,
    ...(control?.type === 'object' ? { control } : {}),
    ...(node ? { node } : {}),
  };
}
