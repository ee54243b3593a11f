import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { fullFormats } from 'ajv-formats/dist/formats';
import type { Node } from 'jsonc-parser';
import controlSchema from '../../../schemas/control.schema.json';
import type { Config } from './config';
import { describeNodeType, formatPath, nodeAt, propertyOf } from './tree';
import { appendChild, pathOf, propertyText, removeChild, replaceString } from './edits';
import type { Fix, RawFinding } from './types';

// ajv-formats checks the "uri" format with a long RFC 3986 regular expression,
// run on every reference URL. An http or https URL of letters, digits, dots
// and hyphens in the host, and unreserved and sub-delimiter characters after
// it, matches that expression too. So a short expression accepts those, and
// only other texts, such as those with percent escapes or a port, get the
// full check.
const PLAIN_URI = /^https?:\/\/[a-z0-9.-]+(?:\/[\w.~!$&'()*+,;=:@/-]*)?(?:\?[\w.~!$&'()*+,;=:@/?-]*)?(?:#[\w.~!$&'()*+,;=:@/?-]*)?$/i;
const isRfc3986Uri = fullFormats.uri as (text: string) => boolean;

/** Returns whether a text passes ajv-formats' "uri" format (RFC 3986, any scheme), which the schema requires of URLs. */
export function isUri(text: string): boolean {
  return PLAIN_URI.test(text) || isRfc3986Uri(text);
}

const validators = new Map<string, ValidateFunction>();
// The key above costs a JSON.stringify, too much to compute for every control.
const validatorsByConfig = new WeakMap<Config, ValidateFunction>();

// The schema file states the default prefix and categories; a configuration
// with other ones gets a copy patched to match, compiled once per process.
function validatorFor(config: Config): ValidateFunction {
  const known = validatorsByConfig.get(config);
  if (known) return known;
  const key = `${config.idPrefix}|${JSON.stringify(config.categories)}|${Object.keys(config.frameworkHosts).join(',')}`;
  let validate = validators.get(key);
  if (!validate) {
    // Checking the schema against the draft 2020-12 meta-schema took most of
    // the CLI's start-up time, so a unit test checks the schema file instead.
    const ajv = new Ajv2020({ allErrors: true, strict: true, validateSchema: false });
    ajv.addVocabulary(['markdownDescription', 'enumDescriptions']);
    ajv.addFormat('uri', isUri);
    validate = ajv.compile(controlDefinition(config));
    validators.set(key, validate);
  }
  validatorsByConfig.set(config, validate);
  return validate;
}

function controlDefinition(config: Config): object {
  const definition = structuredClone(controlSchema.$defs.control) as typeof controlSchema.$defs.control;
  const codes = Object.keys(config.categories).join('|');
  definition.properties.id.pattern = `^${config.idPrefix}-(${codes})-[0-9]{3}$`;
  definition.properties.category.enum = Object.values(config.categories);
  // A framework the configuration adds with its publisher hosts may be listed too.
  const frameworks = definition.properties.frameworks.items;
  frameworks.enum = [...new Set([...frameworks.enum, ...Object.keys(config.frameworkHosts)])];
  delete (definition.properties.category as { enumDescriptions?: string[] }).enumDescriptions;
  return definition;
}

/**
 * Validates one control against the schema, returning findings at the
 * narrowest ranges. Fixes are built only when `includeFixes` is true.
 */
export function validateControl(text: string, control: Node, value: unknown, config: Config, includeFixes = true): RawFinding[] {
  const validate = validatorFor(config);
  if (validate(value)) return [];
  const findings: RawFinding[] = [];
  const properties = new PropertyFinder();
  const errors = validate.errors ?? [];
  // A value of the wrong type also fails its enum, pattern or length, so those findings would repeat it.
  const wrongType = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  for (const error of errors) {
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const finding = toFinding(control, error, config, properties);
    if (!finding) continue;
    const fix = includeFixes ? fixFor(text, control, error, properties) : undefined;
    if (fix) finding.fixes = [fix];
    findings.push(finding);
  }
  return findings;
}

// Placeholders for a missing property: the right type, and values the author must still fill in.
const PLACEHOLDERS: Record<string, string> = {
  verify: 'false',
  severityWeight: '1',
  frameworks: '["Best Practice"]',
  references: '[]',
  roles: '[]',
  remediation: '{ "automatable": false, "description": "", "scriptTemplate": "" }',
  automatable: 'false',
};

// Fixes only where the repair is certain: an enum value in the wrong letter
// case, a missing property inserted with a typed placeholder, a misspelt key
// renamed. Removing an unknown property loses its value, so that fix is never
// the preferred one and only an editor offers it.
function fixFor(text: string, control: Node, error: ErrorObject, properties: PropertyFinder): Fix | undefined {
  const path = parsePointer(error.instancePath);
  const node = nodeAt(control, path);
  if (!node) return undefined;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum' && typeof node.value === 'string') {
    const allowed = (params.allowedValues as unknown[]).filter((v): v is string => typeof v === 'string');
    const match = allowed.find((candidate) => candidate.toLowerCase() === String(node.value).toLowerCase().trim());
    if (!match) return undefined;
    return { title: `Change to "${match}"`, edits: [replaceString(node, match)], targets: [pathOf(node)], preferred: true };
  }
  const name = formatPath(path) || 'control';
  if (error.keyword === 'required' && node.type === 'object') {
    return addProperty(text, node, String(params.missingProperty), name);
  }
  if (error.keyword === 'additionalProperties' && node.type === 'object') {
    const key = String(params.additionalProperty);
    const property = properties.find(node, key);
    if (!property) return undefined;
    const intended = intendedKey(node, key, name);
    // A case variant of a required key is renamed by the fix of the missing-property finding.
    if (intended && !(sameIgnoringCase(intended, key) && requiredKeys(name).includes(intended))) {
      return renameKey(node, key, intended);
    }
    return { title: `Remove the property "${key}"`, edits: [removeChild(node, property)], targets: [[...pathOf(node), key]] };
  }
  return undefined;
}

// A missing key written in other letter case is renamed, keeping its value:
// PowerShell reads "Title" and "title" as one property and rejects the pair.
// A missing key that an unknown key misspells gets no fix here, because the
// unknown-property finding renames that key.
function addProperty(text: string, object: Node, key: string, name: string): Fix | undefined {
  const path = pathOf(object);
  const variants = (object.children ?? []).flatMap((property) => {
    const keyNode = property.children?.[0];
    return keyNode && sameIgnoringCase(String(keyNode.value), key) ? [keyNode] : [];
  });
  const variant = variants[0];
  if (variants.length > 1) return undefined;
  if (variant) return renameKey(object, String(variant.value), key);
  const misspelt = (object.children ?? []).some((property) => {
    const written = property.children?.[0]?.value;
    return typeof written === 'string' && intendedKey(object, written, name) === key;
  });
  if (misspelt) return undefined;
  const edit = appendChild(text, object, propertyText(key, PLACEHOLDERS[key] ?? '""'));
  return { title: `Add the missing property "${key}"`, edits: [edit], targets: [[...path, key]], preferred: true };
}

function renameKey(object: Node, written: string, key: string): Fix | undefined {
  const keyNode = propertyOf(object, written)?.children?.[0];
  if (!keyNode) return undefined;
  const path = pathOf(object);
  return { title: `Rename "${written}" to "${key}"`, edits: [replaceString(keyNode, key)], targets: [[...path, written], [...path, key]], preferred: true };
}

/** Misspelt keys found per object, so that each object is searched once for all its findings. */
const misspellingsByObject = new WeakMap<Node, Map<string, string>>();

/**
 * Returns the allowed key that an unknown key misspells, when no other unknown
 * key of the object could misspell it too: see likelyKey.
 */
function intendedKey(object: Node, key: string, name: string): string | undefined {
  let misspellings = misspellingsByObject.get(object);
  if (!misspellings) {
    misspellings = findMisspellings(object, name);
    misspellingsByObject.set(object, misspellings);
  }
  return misspellings.get(key);
}

// Returns each unknown key of the object with the allowed key it alone misspells.
function findMisspellings(object: Node, name: string): Map<string, string> {
  const allowed = allowedKeys(name);
  const values = new Map<string, Node>();
  for (const property of object.children ?? []) {
    const key = property.children?.[0]?.value;
    const value = property.children?.[1];
    if (typeof key === 'string' && value) values.set(key, value);
  }
  const absent = allowed.filter((candidate) => !values.has(candidate));
  const likely = new Map<string, string>();
  const claims = new Map<string, number>();
  for (const [key, value] of values) {
    if (allowed.includes(key)) continue;
    const candidate = likelyKey(key, value, absent, name);
    if (candidate === undefined) continue;
    likely.set(key, candidate);
    claims.set(candidate, (claims.get(candidate) ?? 0) + 1);
  }
  for (const [key, candidate] of likely) if (claims.get(candidate) !== 1) likely.delete(key);
  return likely;
}

/**
 * Returns the allowed key that an unknown key most likely misspells. That is
 * the only key of `absent` that equals it ignoring letter case. Failing that,
 * it is the only one within one edit of it (keys of up to 7 characters) or two
 * edits (longer keys). Its value must have the type that the allowed key requires.
 */
function likelyKey(key: string, value: Node, absent: readonly string[], name: string): string | undefined {
  const sameCase = absent.filter((candidate) => sameIgnoringCase(candidate, key));
  let found: string | undefined;
  if (sameCase.length > 0) {
    found = sameCase.length === 1 ? sameCase[0] : undefined;
  } else {
    const limit = key.length <= 7 ? 1 : 2;
    const close = absent.filter((candidate) => editDistance(candidate.toLowerCase(), key.toLowerCase(), limit) <= limit);
    found = close.length === 1 ? close[0] : undefined;
  }
  return found !== undefined && hasSchemaType(value, propertyType(name, found)) ? found : undefined;
}

// Returns the JSON Schema type of an allowed key.
function propertyType(name: string, key: string): string | undefined {
  const control = controlSchema.$defs.control;
  let properties: Record<string, { type?: string }> = control.properties.references.items.properties;
  if (name === 'control') properties = control.properties;
  else if (name === 'remediation') properties = control.properties.remediation.properties;
  return properties[key]?.type;
}

function hasSchemaType(node: Node, type: string | undefined): boolean {
  if (type === undefined) return true;
  if (type === 'integer') return node.type === 'number' && Number.isInteger(node.value);
  return node.type === type;
}

function sameIgnoringCase(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Returns the number of insertions, deletions, substitutions and swaps of
 * adjacent characters that turn `a` into `b` (optimal string alignment), or
 * `limit + 1` once it is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, (before[j - 2] as number) + 1);
      current.push(distance);
      rowMinimum = Math.min(rowMinimum, distance);
    }
    if (rowMinimum > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] as number, limit + 1);
}

/** Objects with up to this many properties are searched one property after another. */
const LINEAR_PROPERTY_SEARCH = 16;

/**
 * A finder of an object's property by its key, with the result of propertyOf:
 * the last property with that key. ajv reports each unknown property of an
 * object, so a search per report took quadratic time: 69 s for 100,000
 * unknown keys. An object with more than LINEAR_PROPERTY_SEARCH properties
 * is indexed once, which took that file to 1.7 s.
 */
class PropertyFinder {
  private indexed: Node | undefined;
  private byKey = new Map<string, Node>();

  find(object: Node, key: string): Node | undefined {
    const children = object.children;
    if (object.type !== 'object' || !children || children.length <= LINEAR_PROPERTY_SEARCH) return propertyOf(object, key);
    if (this.indexed !== object) {
      this.indexed = object;
      this.byKey = new Map();
      for (const property of children) {
        const keyValue = property.children?.[0]?.value;
        if (typeof keyValue === 'string') this.byKey.set(keyValue, property);
      }
    }
    return this.byKey.get(key);
  }
}

function parsePointer(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function toFinding(control: Node, error: ErrorObject, config: Config, properties: PropertyFinder): RawFinding | undefined {
  const path = parsePointer(error.instancePath);
  const node = nodeAt(control, path);
  if (!node) return undefined;
  const name = formatPath(path) || 'control';
  switch (error.keyword) {
    case 'required':
      return missingProperty(node, name, String(error.params.missingProperty));
    case 'additionalProperties':
      return unknownProperty(node, name, String(error.params.additionalProperty), properties);
    case 'uniqueItems':
      // ajv names the two equal items; the later one is the repeat.
      return repeatedItem(node, name, Math.max(Number(error.params.i), Number(error.params.j)));
    default:
      return at(node, describeError(error, name, node, config));
  }
}

function at(node: Node, message: string): RawFinding {
  return { rule: 'schema', message, offset: node.offset, length: node.length };
}

// The range is the key of the object that lacks the property, or its opening
// brace when the object has no key (the control itself, an array element).
function missingProperty(object: Node, name: string, missing: string): RawFinding {
  const parent = object.parent;
  const key = parent?.type === 'property' ? parent.children?.[0] : undefined;
  const anchor = key ?? { offset: object.offset, length: 1 };
  const owner = name === 'control' ? 'control' : name;
  return {
    rule: 'schema',
    message: `${owner} is missing the required property "${missing}"`,
    offset: anchor.offset,
    length: anchor.length,
  };
}

function unknownProperty(object: Node, name: string, key: string, properties: PropertyFinder): RawFinding | undefined {
  const keyNode = properties.find(object, key)?.children?.[0];
  if (!keyNode) return undefined;
  const allowed = allowedKeys(name);
  const intended = intendedKey(object, key, name) ?? allowed.find((candidate) => sameIgnoringCase(candidate, key));
  const hint = intended ? `; did you mean "${intended}"?` : `; allowed properties are ${allowed.join(', ')}`;
  const owner = name === 'control' ? 'a control' : name;
  return at(keyNode, `property "${key}" is not allowed in ${owner}${hint}`);
}

function requiredKeys(name: string): string[] {
  const control = controlSchema.$defs.control;
  if (name === 'control') return control.required;
  if (name === 'remediation') return control.properties.remediation.required;
  if (/^references\[\d+\]$/.test(name)) return control.properties.references.items.required;
  return [];
}

function allowedKeys(name: string): string[] {
  const control = controlSchema.$defs.control;
  if (name === 'control') return Object.keys(control.properties);
  if (name === 'remediation') return Object.keys(control.properties.remediation.properties);
  if (/^references\[\d+\]$/.test(name)) return Object.keys(control.properties.references.items.properties);
  return [];
}

function repeatedItem(array: Node, name: string, index: number): RawFinding | undefined {
  const item = array.children?.[index];
  if (!item) return undefined;
  return at(item, `${name} must not repeat ${shown(item)}`);
}

// An array or object is named by its type: its node has no value, and its text may be long.
function shown(node: Node): string {
  return node.type === 'array' || node.type === 'object' ? describeNodeType(node) : JSON.stringify(node.value);
}

function describeError(error: ErrorObject, name: string, node: Node, config: Config): string {
  const value: unknown = node.value;
  const found = `found ${shown(node)}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `${name} must be ${article(String(params.type))}; found ${describeNodeType(node)}`;
    case 'enum':
      return `${name} must be one of ${(params.allowedValues as unknown[]).join(', ')}; ${found}`;
    case 'pattern':
      return name === 'id' ? idPatternMessage(config, found) : `${name} must match ${String(params.pattern)}; ${found}`;
    case 'maxLength':
      return `${name} must be at most ${String(params.limit)} characters; found ${String(value).length}`;
    case 'minLength':
      return `${name} must not be empty`;
    case 'minimum':
    case 'maximum':
      return `${name} must be between 1 and 10; ${found}`;
    case 'minItems':
      return `${name} must list at least ${String(params.limit)} item; found none`;
    case 'format':
      return `${name} must be an absolute URI; ${found}`;
    default:
      return `${name} ${error.message ?? 'is invalid'}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function idPatternMessage(config: Config, found: string): string {
  const codes = Object.keys(config.categories).join(', ');
  return `id must have the form ${config.idPrefix}-<CODE>-<NNN>, with CODE one of ${codes} and NNN three digits; ${found}`;
}
