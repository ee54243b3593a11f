import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, type Config, ConfigError, DEFAULT_CONFIG, parseConfig } from '../core/config';
import { decodeText } from './encoding';

/** Finds `.controlstudio.json` at or above `from`, stopping at the root of a git checkout. */
export function findConfigFile(from: string): string | undefined {
  let current = path.resolve(from);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current || fs.existsSync(path.join(current, '.git'))) return undefined;
    current = parent;
  }
}

/**
 * Loads the configuration file, or the defaults when there is none. The file
 * must be UTF-8 text, checked as control files are.
 */
export function loadConfig(file: string | undefined): Config {
  if (!file) return structuredClone(DEFAULT_CONFIG) as Config;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new ConfigError(file, describeReadError(error as NodeJS.ErrnoException));
  }
  const read = decodeText(bytes);
  if ('problem' in read) throw new ConfigError(file, read.problem);
  return parseConfig(read.text, file);
}

function describeReadError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'configuration file not found';
    case 'EISDIR':
      return 'is a directory, not a configuration file';
    case 'EACCES':
      return 'permission denied reading the configuration file';
    default:
      return `reading the configuration file failed: ${error.message}`;
  }
}
