// Entry point of a lint worker thread, bundled as dist/lint-worker.js. It
// reads and lints the batches of files that the pool in lint-pool.ts posts.
import { parentPort } from 'node:worker_threads';
import { type LintSettings, lintFileAt } from './lint-file';
import { joinPackedNumbers, type PackedFindings } from '../core/packed';
import type { JobMessage, JobResultMessage, WorkerRequest } from './protocol';

const settingsById = new Map<number, LintSettings>();

function runJob(message: JobMessage): void {
  const results = message.files.map(({ path, file, settings }) => {
    const found = settingsById.get(settings);
    if (!found) return { status: 'failed' as const, detail: `No settings with id ${settings} were sent to this worker.` };
    return lintFileAt(path, file, found);
  });
  const packed: PackedFindings[] = [];
  for (const result of results) if (result.status === 'linted') packed.push(result.findings);
  const buffer = joinPackedNumbers(packed);
  const reply: JobResultMessage = { job: message.job, results };
  parentPort?.postMessage(reply, [buffer]);
}

parentPort?.on('message', (message: WorkerRequest) => {
  if (message.type === 'settings') settingsById.set(message.id, message.settings);
  else runJob(message);
});
