import * as os from 'node:os';
import * as path from 'node:path';
import { type FindingTable, StoredResult } from '../core/stored';
import type { ControlIds, ControlSummary } from '../core/rules/rule';
import type { FileLintResult, LintSettings } from '../workers/lint-file';
import { DEFAULT_RESOURCE_LIMITS, lintFiles, MAX_DEFAULT_WORKERS, MIN_FILES_FOR_WORKERS } from '../workers/lint-pool';
import { packedCount } from '../core/packed';
import { relativeTo, type Target } from './files';
import type { Concurrency, Io, LintFlags, LintRun } from './main';

/**
 * Returns the number of worker threads for `files` files: none unless requested,
 * the count given, or for 'auto' one per processor besides the one of the main
 * thread, which lints too (at most MAX_DEFAULT_WORKERS), from MIN_FILES_FOR_WORKERS files.
 */
export function workerCount(concurrency: Concurrency | undefined, files: number): number {
  if (concurrency === undefined) return 0;
  if (concurrency === 'auto') return files < MIN_FILES_FOR_WORKERS ? 0 : Math.min(os.availableParallelism() - 1, MAX_DEFAULT_WORKERS);
  return Math.min(concurrency, files);
}

// The worker's bundle sits beside the CLI's in dist/. Tests run the compiled
// sources in out/, where it is in the workers folder.
function workerScript(): string {
  if (path.basename(__dirname) === 'dist') return path.join(__dirname, 'lint-worker.js');
  return path.join(__dirname, '..', 'workers', 'lint-worker.js');
}

/**
 * Reads and lints the targets on worker threads, adding each result, input
 * problem and internal error to `run` in the order of the targets. A worker
 * that stops has its files linted on this thread.
 */
export async function lintOnWorkers<C extends ControlIds>(
  targets: readonly Target[],
  workers: number,
  run: LintRun<C>,
  table: FindingTable,
  keep: (controls: ControlSummary[], file: string) => C[],
  flags: LintFlags,
  io: Io,
): Promise<void> {
  const settings: LintSettings = { config: run.config, checkedRead: true, ...(flags.rule ? { overrides: flags.rule } : {}) };
  const reportPath = relativeTo(io.cwd);
  const files = targets.map((target) => reportPath(target.path));
  const verbose = flags.verbose === true;
  const add = (file: string, result: FileLintResult): void => {
    if (result.status === 'unreadable') {
      run.problems.push({ path: file, message: result.detail });
      return;
    }
    if (result.status !== 'linted') {
      run.internalErrors++;
      io.stderr(`control-lint: internal error on ${file}: ${verbose ? result.detail : firstLine(result.detail)}\n`);
      return;
    }
    for (const failure of result.ruleFailures) {
      run.internalErrors++;
      io.stderr(`control-lint: internal error in rule ${failure.rule} on ${file}: ${verbose ? failure.detail : failure.message}\n`);
    }
    const first = table.addPacked(result.findings);
    run.results.push(new StoredResult(file, result.kind, keep(result.controls, file), table, first, packedCount(result.findings)));
  };
  await lintFiles(
    targets.map((target, index) => ({ path: target.path, file: files[index] as string, settings })),
    {
      workers,
      script: workerScript(),
      resourceLimits: DEFAULT_RESOURCE_LIMITS,
      callerLints: true,
      onResults: (start, results) => {
        for (const [offset, result] of results.entries()) add(files[start + offset] as string, result);
      },
      onWorkerError: (error) => {
        io.stderr(`control-lint: a lint worker thread failed, so its files are linted on the main thread: ${error.message}\n`);
      },
    },
  );
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}
