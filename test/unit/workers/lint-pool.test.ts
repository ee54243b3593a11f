import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { type FileLintResult, type LintSettings, lintFileAt } from '../../../server/src/workers/lint-file';
import { defaultWorkerCount, lintFiles, type LintFilesOptions, type LintTarget, MIN_FILES_FOR_WORKERS } from '../../../server/src/workers/lint-pool';
import { CORPUS_DIR, fixturePath, REPO_ROOT } from '../helpers';

const WORKER = path.join(REPO_ROOT, 'out', 'server', 'src', 'workers', 'lint-worker.js');
const SETTINGS: LintSettings = { config: DEFAULT_CONFIG, overrides: { 'title-period': 'error' } };

/** Returns a target for each real control, plus a missing file and an empty one. */
function corpusTargets(folder: string): LintTarget[] {
  const names = fs
    .readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const targets = names.map((name) => ({ path: path.join(CORPUS_DIR, name), file: `controls/${name}`, settings: SETTINGS }));
  const empty = path.join(folder, 'EDCA-SEC-901.json');
  fs.writeFileSync(empty, '');
  targets.splice(7, 0, { path: path.join(folder, 'missing.json'), file: 'missing.json', settings: SETTINGS });
  targets.splice(40, 0, { path: empty, file: 'EDCA-SEC-901.json', settings: SETTINGS });
  return targets;
}

/** Runs the pool and returns its results in target order, the start of each delivery, and the worker errors. */
async function run(targets: LintTarget[], options: Partial<LintFilesOptions>): Promise<{ results: FileLintResult[]; starts: number[]; errors: Error[] }> {
  const results: FileLintResult[] = [];
  const starts: number[] = [];
  const errors: Error[] = [];
  await lintFiles(targets, {
    workers: 2,
    script: WORKER,
    batchSize: 16,
    onResults: (start, batch) => {
      starts.push(start);
      results.push(...batch);
    },
    onWorkerError: (error) => errors.push(error),
    ...options,
  });
  return { results, starts, errors };
}

/** Makes results comparable: packed numbers as plain arrays, whichever buffer contains them. */
function comparable(results: FileLintResult[]): unknown[] {
  return results.map((result) => (result.status === 'linted' ? { ...result, findings: { numbers: [...result.findings.numbers], messages: result.findings.messages } } : result));
}

describe('lint pool', () => {
  let folder: string;
  let targets: LintTarget[];
  let expected: unknown[];

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-pool-'));
    targets = corpusTargets(folder);
    expected = comparable(targets.map((target) => lintFileAt(target.path, target.file, target.settings)));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('matches in-thread linting on workers', async () => {
    const { results, starts, errors } = await run(targets, {});
    assert.deepEqual(errors, []);
    assert.deepEqual(comparable(results), expected);
    assert.deepEqual(starts, Array.from({ length: Math.ceil(targets.length / 16) }, (_, i) => i * 16));
  });

  it('lints on the calling thread with no workers', async () => {
    const { results, errors } = await run(targets, { workers: 0 });
    assert.deepEqual(errors, []);
    assert.deepEqual(comparable(results), expected);
  });

  it('reports unreadable and empty files', async () => {
    const { results } = await run(targets, {});
    const missing = results[7];
    assert.equal(missing?.status, 'unreadable');
    assert.match(missing?.status === 'unreadable' ? missing.detail : '', /ENOENT/);
    const empty = results[40];
    assert.equal(empty?.status, 'linted');
    assert.deepEqual(empty?.status === 'linted' ? empty.findings.messages : [], ['Expected a value; found the end of the file']);
  });

  it('lints on the calling thread too when asked', async () => {
    const marked = { status: 'failed', detail: 'answered by the marking worker' };
    const script = fixturePath('workers', 'marking-worker.js');
    const shared = await run(targets, { workers: 1, script, callerLints: true });
    const batches = (results: FileLintResult[]): unknown[][] =>
      Array.from({ length: Math.ceil(targets.length / 16) }, (_, i) => comparable(results.slice(i * 16, i * 16 + 16)));
    const sharedBatches = batches(shared.results);
    const expectedBatches = Array.from({ length: sharedBatches.length }, (_, i) => expected.slice(i * 16, i * 16 + 16));
    // The worker gets the first two batches; the calling thread takes the third at once.
    assert.deepEqual(sharedBatches[0], Array(16).fill(marked));
    assert.deepEqual(sharedBatches[1], Array(16).fill(marked));
    assert.deepEqual(sharedBatches[2], expectedBatches[2]);
    for (const [i, batch] of sharedBatches.entries()) {
      const fromWorker = Array((expectedBatches[i] as unknown[]).length).fill(marked);
      assert.ok(isDeepStrictEqual(batch, expectedBatches[i]) || isDeepStrictEqual(batch, fromWorker), `batch ${i} mixes threads`);
    }
    const alone = await run(targets, { workers: 1, script });
    assert.deepEqual(comparable(alone.results), Array(targets.length).fill(marked));
  });

  it('falls back when workers cannot start', async () => {
    const { results, errors } = await run(targets, { script: path.join(folder, 'no-such-worker.js') });
    assert.equal(errors.length, 2);
    for (const error of errors) assert.match(error.message, /Cannot find module/);
    assert.deepEqual(comparable(results), expected);
  });

  it('falls back when workers exit', async () => {
    const { results, errors } = await run(targets, { script: fixturePath('workers', 'exit-at-once.js') });
    assert.deepEqual(
      errors.map((error) => error.message),
      ['The lint worker stopped with exit code 3.', 'The lint worker stopped with exit code 3.'],
    );
    assert.deepEqual(comparable(results), expected);
  });

  it('relints the jobs of a crashed worker', async () => {
    const { results, errors } = await run(targets, { script: fixturePath('workers', 'crash-on-second-job.js') });
    assert.deepEqual(
      errors.map((error) => error.message),
      ['planned crash on the second job', 'planned crash on the second job'],
    );
    assert.deepEqual(comparable(results), expected);
  });

  it('delivers nothing for no targets', async () => {
    const { results, starts } = await run([], {});
    assert.deepEqual(results, []);
    assert.deepEqual(starts, []);
  });

  it('rejects with the reason of an abort', async () => {
    const controller = new AbortController();
    const reason = new Error('superseded');
    let delivered = 0;
    const running = lintFiles(targets, {
      workers: 2,
      script: WORKER,
      batchSize: 16,
      signal: controller.signal,
      onResults: () => {
        delivered++;
        controller.abort(reason);
      },
    });
    await assert.rejects(running, (error) => error === reason);
    assert.equal(delivered, 1);
  });

  it('rejects when the receiver throws', async () => {
    const failure = new Error('cannot store');
    const running = lintFiles(targets, {
      workers: 1,
      script: WORKER,
      onResults: () => {
        throw failure;
      },
    });
    await assert.rejects(running, (error) => error === failure);
  });
});

describe('defaultWorkerCount', () => {
  it('lints small workspaces in-thread', () => {
    assert.equal(defaultWorkerCount(MIN_FILES_FOR_WORKERS - 1), 0);
  });

  it('uses the processors, at most four', () => {
    assert.equal(defaultWorkerCount(MIN_FILES_FOR_WORKERS), Math.min(os.availableParallelism(), 4));
  });
});
