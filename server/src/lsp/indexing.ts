import { glob } from 'tinyglobby';
import type { FileLintResult, LintSettings } from '../workers/lint-file';
import { DEFAULT_RESOURCE_LIMITS, defaultWorkerCount, lintFiles, type LintTarget } from '../workers/lint-pool';
import type { Folder, IndexedFile } from './workspace';

const IGNORED = ['**/node_modules/**', '**/.git/**'];

/** Finds the files that the control file globs match in each folder, in path order. */
export async function findFiles(folders: readonly Folder[], globs: string[], describe: (folder: Folder, relative: string) => IndexedFile | undefined): Promise<IndexedFile[]> {
  const found: IndexedFile[] = [];
  for (const folder of folders) {
    const matches = await glob(globs, { cwd: folder.fsPath, ignore: IGNORED, dot: true });
    for (const match of matches) {
      const file = describe(folder, match);
      if (file) found.push(file);
    }
  }
  return found.sort(byPath);
}

// Orders by UTF-16 code units, as Array.prototype.sort does without a compare function.
function byPath(a: IndexedFile, b: IndexedFile): number {
  if (a.fsPath === b.fsPath) return 0;
  return a.fsPath < b.fsPath ? -1 : 1;
}

export interface LintIndexOptions {
  /** Worker threads to use; undefined chooses by the number of files and processors. */
  workers: number | undefined;
  /** The lint worker's entry point. */
  workerScript: string;
  settingsFor: (folder: Folder) => LintSettings;
  /** Receives each file's result, in the order of `files`. */
  onResult: (file: IndexedFile, result: FileLintResult) => void;
  /** Receives the count of files linted so far after each batch. */
  onProgress: (done: number) => void;
  onWorkerError: (error: Error) => void;
  signal: AbortSignal;
}

/** Lints closed files for the index, on worker threads when there are enough of them; returns the number of workers. */
export async function lintIndexFiles(files: readonly IndexedFile[], options: LintIndexOptions): Promise<number> {
  const settings = new Map<Folder, LintSettings>();
  const targets: LintTarget[] = files.map((file) => {
    let folderSettings = settings.get(file.folder);
    if (!folderSettings) {
      folderSettings = options.settingsFor(file.folder);
      settings.set(file.folder, folderSettings);
    }
    return { path: file.fsPath, file: file.file, settings: folderSettings };
  });
  let done = 0;
  const workers = options.workers ?? defaultWorkerCount(files.length);
  await lintFiles(targets, {
    workers,
    script: options.workerScript,
    resourceLimits: DEFAULT_RESOURCE_LIMITS,
    signal: options.signal,
    onWorkerError: options.onWorkerError,
    onResults: (start, results) => {
      for (let i = 0; i < results.length; i++) options.onResult(files[start + i] as IndexedFile, results[i] as FileLintResult);
      done += results.length;
      options.onProgress(done);
    },
  });
  return workers;
}
