import type { SeveritySetting } from '../core/types';

/** The `controlStudio.*` settings the server reads. */
export interface ServerSettings {
  files: string[];
  rules: Record<string, SeveritySetting>;
  publishClosedFiles: boolean;
}

export const DEFAULT_FILES = ['**/controls/*.json', '**/Controls/*.json', '**/controls.json'];

export const DEFAULT_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  files: DEFAULT_FILES,
  rules: {},
  publishClosedFiles: true,
});

const SEVERITY_VALUES = new Set(['off', 'info', 'warning', 'error']);

/** Reads settings sent by a client, ignoring values of the wrong type. */
export function readSettings(raw: unknown): ServerSettings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const files = Array.isArray(value.files) && value.files.every((item) => typeof item === 'string') ? value.files : DEFAULT_FILES;
  const rules: Record<string, SeveritySetting> = {};
  if (value.rules && typeof value.rules === 'object') {
    for (const [id, severity] of Object.entries(value.rules)) {
      if (typeof severity === 'string' && SEVERITY_VALUES.has(severity)) rules[id] = severity as SeveritySetting;
    }
  }
  const publishClosedFiles = typeof value.publishClosedFiles === 'boolean' ? value.publishClosedFiles : true;
  return { files: files.length > 0 ? (files as string[]) : DEFAULT_FILES, rules, publishClosedFiles };
}

/** Options of indexing, read from `initializationOptions.indexing` only, so a workspace cannot set them. */
export interface IndexingOptions {
  /** Worker threads that lint closed files; undefined chooses by the number of files and processors. */
  workers?: number;
}

/** Maximum worker thread count accepted. */
export const MAX_INDEXING_WORKERS = 16;

/** Reads the indexing options a client sends, ignoring a worker count that is not an integer from 0 to MAX_INDEXING_WORKERS. */
export function readIndexingOptions(raw: unknown): IndexingOptions {
  const workers = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).workers : undefined;
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 0 || workers > MAX_INDEXING_WORKERS) return {};
  return { workers };
}
