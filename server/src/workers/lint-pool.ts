import * as os from 'node:os';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { type FileLintResult, type LintSettings, lintFileAt } from './lint-file';
import type { JobResultMessage, WorkerRequest } from './protocol';

/** A file to lint. */
export interface LintTarget {
  /** The file to read. */
  path: string;
  /** The path shown in messages and control summaries. */
  file: string;
  settings: LintSettings;
}

export interface LintFilesOptions {
  /** Worker threads to start; 0 lints every file on the calling thread. */
  workers: number;
  /** The worker's entry point, lint-worker.js. */
  script: string;
  /** Heap limits of each worker; a worker that exceeds them stops, and its files are linted on the calling thread. */
  resourceLimits?: ResourceLimits;
  /** Files per job sent to a worker, and per step on the calling thread. */
  batchSize?: number;
  /**
   * Whether the calling thread also lints batches while workers run. A command
   * line tool has nothing else to do, but a server must stay free for requests.
   */
  callerLints?: boolean;
  /**
   * Receives the results of `targets[start]` onwards, one per target. The
   * calls follow the order of the targets, whichever thread linted them.
   */
  onResults: (start: number, results: FileLintResult[]) => void;
  /** Called for each worker that failed to start or stopped; its files are linted on the calling thread. */
  onWorkerError?: (error: Error) => void;
  /** Stops the run: no more results are delivered, and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

const DEFAULT_BATCH_SIZE = 100;
/** Jobs a worker may have unanswered, so that its next job is already queued when it finishes one. */
const JOBS_PER_WORKER = 2;

/**
 * Reads and lints files on worker threads, or on the calling thread when
 * `workers` is 0 or no worker is left. Resolves when every result has been
 * delivered to `onResults`, and terminates the workers then.
 */
export function lintFiles(targets: readonly LintTarget[], options: LintFilesOptions): Promise<void> {
  return new LintRun(targets, options).start();
}

interface WorkerSlot {
  worker: Worker;
  alive: boolean;
  /** Batch indexes of the jobs sent whose results have not arrived. */
  jobs: Set<number>;
  /** Settings ids this worker has received. */
  settingsSent: Set<number>;
}

class LintRun {
  private readonly batchSize: number;
  private readonly batchCount: number;
  private nextBatch = 0;
  private delivered = 0;
  private readonly finishedBatches = new Map<number, FileLintResult[]>();
  /** Batches of failed workers, to lint on this thread. */
  private readonly orphans: number[] = [];
  private readonly slots: WorkerSlot[] = [];
  private readonly settingsIds = new Map<LintSettings, number>();
  private inThreadRunning = false;
  private finished = false;
  private resolve: () => void = () => undefined;
  private reject: (error: unknown) => void = () => undefined;

  constructor(
    private readonly targets: readonly LintTarget[],
    private readonly options: LintFilesOptions,
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.batchCount = Math.ceil(targets.length / this.batchSize);
  }

  start(): Promise<void> {
    const promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const { signal } = this.options;
    if (signal?.aborted) {
      this.finish(signal.reason);
      return promise;
    }
    signal?.addEventListener('abort', () => this.finish(signal.reason), { once: true });
    if (this.batchCount === 0) {
      this.finish();
      return promise;
    }
    const workerCount = Math.min(Math.max(0, Math.floor(this.options.workers)), this.batchCount);
    for (let i = 0; i < workerCount && !this.finished; i++) this.startWorker();
    this.runInThreadIfNeeded();
    return promise;
  }

  private startWorker(): void {
    let worker: Worker;
    try {
      worker = new Worker(this.options.script, this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {});
    } catch (error) {
      this.options.onWorkerError?.(error as Error);
      return;
    }
    const slot: WorkerSlot = { worker, alive: true, jobs: new Set(), settingsSent: new Set() };
    this.slots.push(slot);
    worker.on('message', (message: JobResultMessage) => {
      slot.jobs.delete(message.job);
      this.complete(message.job, message.results);
      this.dispatch(slot);
    });
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('messageerror', (error) => this.fail(slot, error));
    worker.on('exit', (code) => this.fail(slot, new Error(`The lint worker stopped with exit code ${code}.`)));
    this.dispatch(slot);
  }

  private dispatch(slot: WorkerSlot): void {
    while (slot.alive && !this.finished && slot.jobs.size < JOBS_PER_WORKER && this.nextBatch < this.batchCount) {
      const batch = this.nextBatch++;
      slot.jobs.add(batch);
      const files = this.batchTargets(batch).map((target) => ({ path: target.path, file: target.file, settings: this.sendSettings(slot, target.settings) }));
      const request: WorkerRequest = { type: 'lint', job: batch, files };
      slot.worker.postMessage(request);
    }
  }

  // Returns the id of a settings object, posting it first to a worker that has not received it.
  private sendSettings(slot: WorkerSlot, settings: LintSettings): number {
    let id = this.settingsIds.get(settings);
    if (id === undefined) {
      id = this.settingsIds.size;
      this.settingsIds.set(settings, id);
    }
    if (!slot.settingsSent.has(id)) {
      slot.settingsSent.add(id);
      const request: WorkerRequest = { type: 'settings', id, settings };
      slot.worker.postMessage(request);
    }
    return id;
  }

  // A failed worker's unanswered jobs go to this thread, as does all the work once no worker is left.
  private fail(slot: WorkerSlot, error: Error): void {
    if (!slot.alive || this.finished) return;
    slot.alive = false;
    this.options.onWorkerError?.(error);
    this.orphans.push(...slot.jobs);
    slot.jobs.clear();
    void slot.worker.terminate();
    this.runInThreadIfNeeded();
  }

  private runInThreadIfNeeded(): void {
    if (this.inThreadRunning || this.finished) return;
    if (this.orphans.length === 0 && !this.options.callerLints && this.slots.some((slot) => slot.alive)) return;
    this.inThreadRunning = true;
    void this.runInThread();
  }

  // Lints one batch per turn of the event loop, so that the caller's messages are still served.
  private async runInThread(): Promise<void> {
    while (!this.finished) {
      const batch = this.takeInThreadBatch();
      if (batch === undefined) break;
      const results = this.batchTargets(batch).map((target) => lintFileAt(target.path, target.file, target.settings));
      this.complete(batch, results);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.inThreadRunning = false;
  }

  private takeInThreadBatch(): number | undefined {
    const orphan = this.orphans.shift();
    if (orphan !== undefined) return orphan;
    if (this.nextBatch >= this.batchCount) return undefined;
    if (!this.options.callerLints && this.slots.some((slot) => slot.alive)) return undefined;
    return this.nextBatch++;
  }

  private batchTargets(batch: number): readonly LintTarget[] {
    const start = batch * this.batchSize;
    return this.targets.slice(start, start + this.batchSize);
  }

  // Delivers finished batches in target order.
  private complete(batch: number, results: FileLintResult[]): void {
    if (this.finished) return;
    this.finishedBatches.set(batch, results);
    for (let next = this.finishedBatches.get(this.delivered); next; next = this.finishedBatches.get(this.delivered)) {
      this.finishedBatches.delete(this.delivered);
      try {
        this.options.onResults(this.delivered * this.batchSize, next);
      } catch (error) {
        this.finish(error);
        return;
      }
      this.delivered++;
    }
    if (this.delivered === this.batchCount) this.finish();
  }

  private finish(error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    for (const slot of this.slots) {
      slot.alive = false;
      void slot.worker.terminate();
    }
    if (error === undefined) this.resolve();
    else this.reject(error);
  }
}

/**
 * Maximum number of worker threads chosen by default. Each one adds its own
 * heap to the server's memory, and the main thread needs a share of the
 * processors to store and publish the results.
 */
export const MAX_DEFAULT_WORKERS = 4;

/**
 * Fewer files than this are linted on the calling thread by default. A worker
 * took about 0.1 s to start and lint its first file, about as long as 500
 * files take on one thread (2-core AMD EPYC, Node 20, under load): an estimate.
 */
export const MIN_FILES_FOR_WORKERS = 500;

/**
 * Heap limits of each worker. A worker keeps the data of one file alive at a
 * time, so a small young generation suffices, and it bounds the worker's
 * memory: with 16 MiB, two workers indexing 20,000 files took 20 to 35 MiB
 * more. A file that needs more than 128 MiB of old generation, such as a
 * catalogue of tens of MB, stops its worker and is linted on the calling thread.
 */
export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 4 };

/** Returns the number of worker threads to lint `files` files with: one per processor, at most MAX_DEFAULT_WORKERS. */
export function defaultWorkerCount(files: number): number {
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  return Math.min(os.availableParallelism(), MAX_DEFAULT_WORKERS);
}
