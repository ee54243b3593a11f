import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ParseError, parseTree } from 'jsonc-parser';
import type { Range } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, type Config, ConfigError, DEFAULT_CONFIG, parseConfig } from '../core/config';
import { LineIndex } from '../core/text';
import { type Folder, toUri } from './workspace';

/** The state of one folder's configuration file: a message when it is invalid. */
export interface ConfigProblem {
  uri: string;
  message?: string;
  range: Range;
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

/** The `.controlstudio.json` of each workspace folder; an invalid file falls back to the defaults. */
export class ConfigStore {
  private readonly configs = new Map<string, Config>();

  constructor(private readonly log: (message: string) => void) {}

  configFor(folder: Folder | undefined): Config {
    return (folder && this.configs.get(folder.fsPath)) ?? (DEFAULT_CONFIG as Config);
  }

  defaultConfig(): Config {
    return this.configs.values().next().value ?? (DEFAULT_CONFIG as Config);
  }

  /** Reads the folder's configuration file; returns its problem, or an empty one to clear an old diagnostic. */
  load(folder: Folder): ConfigProblem | undefined {
    const file = path.join(folder.fsPath, CONFIG_FILE_NAME);
    const uri = toUri(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      this.configs.delete(folder.fsPath);
      return { uri, range: START };
    }
    try {
      this.configs.set(folder.fsPath, parseConfig(text, file));
      return { uri, range: START };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.configs.delete(folder.fsPath);
      this.log(`${error.message}; using the default settings until it is fixed.`);
      return { uri, message: `${error.detail}; the default settings apply until this is fixed`, range: errorRange(text) };
    }
  }
}

// Points at the first syntax error when there is one, else at the start of the file.
function errorRange(text: string): Range {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return START;
  return new LineIndex(text).rangeAt(first.offset, Math.max(first.length, 1));
}
