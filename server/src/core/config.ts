import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import configSchema from '../../../schemas/controlstudio.schema.json';
import { type DuplicateKey, type ParsedDocument, parseDocument } from './parse';
import { findRule, SYNTAX_RULES } from './rules';
import { describeType } from './tree';
import type { SeveritySetting } from './types';

export const CONFIG_FILE_NAME = '.controlstudio.json';

/** Settings that shape the rules; `.controlstudio.json` overrides the defaults. */
export interface Config {
  rules: Record<string, SeveritySetting>;
  frameworkHosts: Record<string, string[]>;
  discouragedWords: string[];
  idPrefix: string;
  categories: Record<string, string>;
}

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  rules: {},
  frameworkHosts: {
    ANSSI: ['cyber.gouv.fr', 'ssi.gouv.fr'],
    BSI: ['bsi.bund.de'],
    CIS: ['cisecurity.org'],
    CISA: ['cisa.gov'],
    DISA: ['cyber.mil', 'stigviewer.com'],
    ISM: ['cyber.gov.au'],
    NIS2: ['eur-lex.europa.eu', 'ncsc.nl'],
  },
  discouragedWords: [
    'simply',
    'easily',
    'quickly',
    'just',
    'obviously',
    'note that',
    'please be aware',
    'it should be noted',
    'it is recommended',
    'in order to',
    'leverage',
    'utilize',
  ],
  idPrefix: 'EDCA',
  categories: {
    DATA: 'Data Security',
    GOV: 'Governance',
    IAC: 'Identity and Access Control',
    MON: 'Monitoring',
    PERF: 'Performance',
    RES: 'Resilience',
    SEC: 'Platform Security',
    TLS: 'Transport Security',
  },
});

/** An invalid configuration file; `message` names the file and the problem. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ConfigError';
  }
}

let validateConfig: ReturnType<Ajv2020['compile']> | undefined;

/** Validates the parsed content of a configuration file and merges it over the defaults. */
export function resolveConfig(raw: unknown, file: string): Config {
  // `verbose` adds the invalid value to each error, for the message.
  validateConfig ??= new Ajv2020({ allErrors: false, strict: false, verbose: true }).compile(configSchema);
  if (!validateConfig(raw)) {
    const error = validateConfig.errors?.[0];
    const where = error?.instancePath ? `at ${error.instancePath}` : 'at the top level';
    throw new ConfigError(file, `invalid configuration ${where}: ${error ? describeSchemaError(error) : 'unknown error'}`);
  }
  const given = raw as Partial<Config>;
  // The schema checks the form of rule ids; a misspelt id would otherwise be ignored.
  const unknown = Object.keys(given.rules ?? {}).find((id) => !findRule(id));
  if (unknown !== undefined) {
    throw new ConfigError(file, `invalid configuration at /rules: no rule has the id "${unknown}"; see docs/rules for the rule ids`);
  }
  return {
    rules: { ...DEFAULT_CONFIG.rules, ...given.rules },
    frameworkHosts: { ...DEFAULT_CONFIG.frameworkHosts, ...given.frameworkHosts },
    discouragedWords: given.discouragedWords ?? [...DEFAULT_CONFIG.discouragedWords],
    idPrefix: given.idPrefix ?? DEFAULT_CONFIG.idPrefix,
    categories: given.categories ?? { ...DEFAULT_CONFIG.categories },
  };
}

const PROPERTIES = Object.keys(configSchema.properties).join(', ');

// Describes a schema error with the invalid value and what is expected, e.g.
// '"fatal" is not one of off, info, warning, error'.
function describeSchemaError(error: ErrorObject): string {
  const value = JSON.stringify(error.data);
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(error.params.additionalProperty)}"; the properties are ${PROPERTIES}`;
    case 'enum': {
      // A failed propertyNames enum names the key, and other enums name the value.
      const subject = error.propertyName === undefined ? value : `property name ${JSON.stringify(error.propertyName)}`;
      return `${subject} is not one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    }
    case 'pattern': {
      // A failed propertyNames pattern names the key; other patterns the value.
      const subject = error.propertyName === undefined ? value : `property name "${error.propertyName}"`;
      return `${subject} does not match ${String(error.params.pattern)}`;
    }
    case 'type':
      return `expected type ${String(error.params.type)}, found ${describeType(error.data)}`;
    default:
      return error.message ?? 'unknown error';
  }
}

/**
 * Parses the text of a configuration file: strict JSON, as for controls, and
 * without a key repeated in one object, also in another letter case.
 */
export function parseConfig(text: string, file: string): Config {
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (error) {
    throw new ConfigError(file, describeJsonError(content) ?? `invalid JSON: ${(error as Error).message}`);
  }
  const doc = parseDocument(content);
  const duplicate = doc.duplicateKeys[0];
  if (duplicate) throw new ConfigError(file, describeDuplicateKey(doc, duplicate));
  return resolveConfig(raw, file);
}

// JSON.parse keeps the last of two equal keys without a word, so the earlier
// setting would be dropped silently. Keys that differ only in letter case are
// reported too, as the duplicate-key rule reports them in controls.
function describeDuplicateKey(doc: ParsedDocument, duplicate: DuplicateKey): string {
  const { line, character } = doc.lines.positionAt(duplicate.key.offset);
  const firstLine = doc.lines.positionAt(duplicate.first.offset).line + 1;
  const key = JSON.stringify(duplicate.key.value);
  const first = JSON.stringify(duplicate.first.value);
  const problem = duplicate.caseOnly
    ? `key ${key} differs only in letter case from ${first} on line ${firstLine}`
    : `duplicate key ${key}, first defined on line ${firstLine}`;
  return `invalid configuration at line ${line + 1}, column ${character + 1}: ${problem}; keep one of them`;
}

// Locates the first strict-JSON error with the messages of the syntax rules.
// JSON.parse messages give a character offset and change between Node.js versions.
function describeJsonError(text: string): string | undefined {
  const doc = parseDocument(text);
  const findings = SYNTAX_RULES.filter((rule) => rule.meta.id !== 'duplicate-key').flatMap((rule) => rule.check(doc, false));
  const first = findings.sort((a, b) => a.offset - b.offset)[0];
  if (!first) return undefined;
  const { line, character } = doc.lines.positionAt(first.offset);
  return `invalid JSON at line ${line + 1}, column ${character + 1}: ${first.message}`;
}
