import type { Node } from 'jsonc-parser';

/** Returns the property node of `key` in an object node; the last one wins, as in strict readers. */
export function propertyOf(object: Node | undefined, key: string): Node | undefined {
  if (!object || object.type !== 'object' || !object.children) return undefined;
  for (let i = object.children.length - 1; i >= 0; i--) {
    const property = object.children[i] as Node;
    if (property.children?.[0]?.value === key) return property;
  }
  return undefined;
}

/** Returns the value node of `key` in an object node. */
export function valueOf(object: Node | undefined, key: string): Node | undefined {
  return propertyOf(object, key)?.children?.[1];
}

/** Follows object keys and array indexes from `node`, keeping the last of duplicate keys. */
export function nodeAt(node: Node | undefined, path: ReadonlyArray<string | number>): Node | undefined {
  let current = node;
  for (const segment of path) {
    if (!current) return undefined;
    if (current.type === 'array' && typeof segment === 'number') current = current.children?.[segment];
    else if (current.type === 'object') current = valueOf(current, String(segment));
    else return undefined;
  }
  return current;
}

/** Returns the string value of a node, or undefined for any other type. */
export function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** Returns the object nodes among the elements of an array node. */
export function objectElements(array: Node | undefined): Node[] {
  if (array?.type !== 'array') return [];
  return (array.children ?? []).filter((child) => child.type === 'object');
}

/** Names a JSON type for messages: "a string", "an array", "null". */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

/** Names the JSON type of a node without building its value, which may be deeply nested. */
export function describeNodeType(node: Node): string {
  if (node.type === 'array') return describeType([]);
  if (node.type === 'object') return describeType({});
  return describeType(node.value);
}

/** Writes a JSON path for messages: references[1].url. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}
