import type { FileLintResult, LintSettings } from './lint-file';

/** Settings that later lint jobs refer to by id, sent once to each worker. */
export interface SettingsMessage {
  type: 'settings';
  id: number;
  settings: LintSettings;
}

/** A batch of files for a worker to read and lint. */
export interface JobMessage {
  type: 'lint';
  job: number;
  /** Per file: the path to read, the path shown in messages, and the id of its settings. */
  files: Array<{ path: string; file: string; settings: number }>;
}

export type WorkerRequest = SettingsMessage | JobMessage;

/**
 * The results of one job, in the order of its files. The packed findings of
 * all files are views of one buffer, which the worker transfers.
 */
export interface JobResultMessage {
  job: number;
  results: FileLintResult[];
}
