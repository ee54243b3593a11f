// Benchmarks the language server over stdio. It times one keystroke to its
// diagnostics, in a single control and in a 192-control catalogue, beside
// vscode-json-languageservice validating the same edits with the same schema.
// It also measures the time and memory of indexing a large workspace at start-up.
//
// Usage: npm run bench:lsp [-- options], after a build. Options:
//   --edits N      timed edits per keystroke scenario (default 200)
//   --warmup N     untimed edits before them (default 10)
//   --files N      control files in the indexing workspace (default 20000)
//   --runs N       indexing runs; the median is reported (default 3)
//   --only NAME    run one scenario: keystroke, catalogue or indexing
//   --cpu-prof DIR write a V8 CPU profile of each server process into DIR
//   --out FILE     write the figures as JSON to FILE (default
//                  bench/.work/lsp/results.json)
//   --server FILE  run this server bundle instead of dist/server.js, e.g. the
//                  build of another commit, to compare the two
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { DEFAULT_SERVER, ServerProcess, uriOf } from './lsp/client.mjs';
import { JsonServiceDocument } from './lsp/json-service.mjs';
import {
  ensureCatalogueWorkspace,
  ensureCorpusWorkspace,
  ensureEmptyWorkspace,
  ensureLargeWorkspace,
  readCorpus,
  WORK_DIR,
} from './lsp/workspaces.mjs';

const require = createRequire(import.meta.url);
const { TextDocument } = require('vscode-languageserver-textdocument');

const MiB = 1024 * 1024;
const TARGETS = { keystrokeMs: 10, catalogueMs: 25, indexingMs: 3000, indexingMiB: 150 };
const WEIGHT_RANGES = { Critical: [9, 10], High: [7, 8], Medium: [4, 6], Low: [1, 3] };

const { values: options } = parseArgs({
  options: {
    edits: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '10' },
    files: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
    server: { type: 'string' },
    out: { type: 'string' },
  },
});
const editCount = positiveInteger('edits', options.edits);
const warmupCount = Number(options.warmup);
const fileCount = positiveInteger('files', options.files);
const runCount = positiveInteger('runs', options.runs);
const execArgv = options['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options['cpu-prof'])] : [];
const serverFile = path.resolve(options.server ?? DEFAULT_SERVER);
if (!fs.existsSync(serverFile)) throw new Error(`Server bundle ${serverFile} not found; run npm run build first.`);

function positiveInteger(name, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer; got ${JSON.stringify(text)}`);
  return value;
}

// ---------------------------------------------------------------- statistics

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentiles.
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { count: sorted.length, median: rank(50), p95: rank(95), max: sorted[sorted.length - 1] };
}

function ms(value) {
  return value.toFixed(value < 10 ? 2 : 1);
}

// -------------------------------------------------------------- edit targets

/**
 * Finds, in the control with `id`, two one-character edits that can be applied
 * and undone: the severityWeight digit, replaced by one outside its severity's
 * range (adds a severity-weight finding), and the case of the title's first
 * letter (changes no finding).
 */
function editTargets(text, id) {
  const start = text.indexOf(`"id": "${id}"`);
  if (start < 0) throw new Error(`No control with id ${id} in the document`);
  const weight = /"severityWeight": (\d+)/y;
  const severity = /"severity": "(\w+)"/y;
  const title = /"title": "/y;
  const find = (pattern) => {
    for (let i = start; i < text.length; i++) {
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (match) return { offset: i + match[0].length, match };
    }
    throw new Error(`${id}: ${pattern.source} not found`);
  };
  const weightAt = find(weight);
  const severityName = find(severity).match[1];
  const titleAt = find(title);
  const letter = text[titleAt.offset];
  return {
    weight: { offset: weightAt.offset - weightAt.match[1].length, from: weightAt.match[1], to: severityName === 'Low' ? '9' : '1' },
    title: { offset: titleAt.offset, from: letter, to: letter === letter.toUpperCase() ? letter.toLowerCase() : letter.toUpperCase() },
  };
}

/** Tells whether a control has a one-digit weight inside its severity's range, so the edits above apply. */
function isCalibrated(control) {
  const value = JSON.parse(control.text);
  const range = WEIGHT_RANGES[value.severity];
  return range && value.severityWeight < 10 && value.severityWeight >= range[0] && value.severityWeight <= range[1] && /^[A-Za-z]/.test(value.title);
}

// ------------------------------------------------------------ keystroke runs

function fingerprint(diagnostics) {
  return JSON.stringify(diagnostics.map((d) => [d.code, d.message, d.range]));
}

/**
 * Opens `file` in the server and in vscode-json-languageservice, then applies
 * the same edits one at a time: even edits toggle the weight (findings
 * change), odd ones the title's case (findings stay). Each edit waits for the
 * server's diagnostics of its version before the next is sent.
 */
async function measureKeystrokes(name, folder, file, id) {
  const uri = uriOf(file);
  const text = fs.readFileSync(file, 'utf8');
  const targets = editTargets(text, id);
  const lines = TextDocument.create(uri, 'json', 0, text);
  const server = new ServerProcess(execArgv, serverFile);
  await server.initialize(folder);
  await server.indexed();
  const opened = server.diagnostics(uri, 1);
  await server.open(uri, text, 1);
  let previous = fingerprint((await opened).params.diagnostics);
  const json = new JsonServiceDocument(uri, text);
  await json.validate();

  const state = { weight: false, title: false };
  const samples = { server: [], serverChanged: [], serverSame: [], json: [], jsonParse: [], jsonValidate: [] };
  const total = warmupCount + editCount;
  for (let i = 0; i < total; i++) {
    const version = i + 2;
    const kind = i % 2 === 0 ? 'weight' : 'title';
    const target = targets[kind];
    const from = state[kind] ? target.to : target.from;
    const to = state[kind] ? target.from : target.to;
    state[kind] = !state[kind];
    const range = { start: lines.positionAt(target.offset), end: lines.positionAt(target.offset + from.length) };
    const change = { range, text: to };

    const published = server.diagnostics(uri, version);
    const sent = performance.now();
    await server.change(uri, version, change);
    const { params, time } = await published;
    const current = fingerprint(params.diagnostics);
    if ((kind === 'weight') === (current === previous)) {
      throw new Error(`${name}: edit ${i} (${kind}) ${kind === 'weight' ? 'did not change' : 'changed'} the findings`);
    }
    previous = current;
    const local = await json.edit(change, version);
    if (i < warmupCount) continue;
    samples.server.push(time - sent);
    (kind === 'weight' ? samples.serverChanged : samples.serverSame).push(time - sent);
    samples.json.push(local.total);
    samples.jsonParse.push(local.parse);
    samples.jsonValidate.push(local.validate);
  }
  const errors = server.errors.length;
  await server.stop();
  if (errors > 0) throw new Error(`${name}: the server logged ${errors} errors`);
  return {
    name,
    file: path.relative(process.cwd(), file),
    bytes: Buffer.byteLength(text),
    id,
    edits: editCount,
    warmup: warmupCount,
    diagnostics: JSON.parse(previous).length,
    stats: Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, summarize(values)])),
  };
}

// ------------------------------------------------------------- indexing runs

async function idleServer(folder) {
  const server = new ServerProcess(execArgv, serverFile);
  await server.initialize(folder);
  await server.indexed();
  const memory = server.memory();
  const cpuMs = server.cpuTime();
  await server.stop();
  return { ...memory, cpuMs };
}

async function measureIndexing(folder, files) {
  const server = new ServerProcess(execArgv, serverFile);
  const start = await server.initialize(folder);
  const { params, time } = await server.indexed(600_000);
  const memory = server.memory();
  const cpuMs = server.cpuTime();
  const published = server.published;
  const errors = server.errors.length;
  await server.stop();
  if (params.files !== files) throw new Error(`the server indexed ${params.files} files; expected ${files}`);
  if (published < files) throw new Error(`the server published ${published} files before its status; expected ${files}`);
  if (errors > 0) throw new Error(`indexing: the server logged ${errors} errors`);
  return { ms: time - start, cpuMs, peak: memory.peak, published, status: params };
}

// ------------------------------------------------------------------- report

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

function loadAverage() {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

function verdict(ok) {
  return ok ? 'met' : 'missed';
}

function printKeystrokes(result, targetMs) {
  const { stats } = result;
  console.log(`\n${result.name}: ${result.file} (${result.bytes} bytes), control ${result.id}, ${result.edits} edits after ${result.warmup} untimed`);
  console.log('| measure | median ms | p95 ms | max ms |');
  console.log('|---|---:|---:|---:|');
  const row = (label, s) => console.log(`| ${label} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} |`);
  row('server: didChange sent to publishDiagnostics received', stats.server);
  row('server, edits that change the findings', stats.serverChanged);
  row('server, edits that keep the findings', stats.serverSame);
  row('vscode-json-languageservice: apply + parse + doValidation', stats.json);
  row('vscode-json-languageservice: parseJSONDocument', stats.jsonParse);
  row('vscode-json-languageservice: doValidation', stats.jsonValidate);
  const met = stats.server.median < targetMs;
  console.log(`target median < ${targetMs} ms: ${verdict(met)}`);
  return met;
}

async function main() {
  const corpus = readCorpus();
  const results = { machine: machine(), server: serverFile, loadAverageAtStart: loadAverage(), date: new Date().toISOString() };
  console.log(`${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}`);
  console.log(`server: ${path.relative(process.cwd(), serverFile)}`);
  console.log(`load average at start: ${results.loadAverageAtStart}`);
  const run = (name) => !options.only || options.only === name;

  if (run('keystroke')) {
    const control = corpus.find(isCalibrated);
    results.keystroke = await measureKeystrokes('keystroke in one control', ensureCorpusWorkspace(corpus), path.join(WORK_DIR, 'corpus', 'controls', path.basename(control.file)), control.id);
    results.keystroke.met = printKeystrokes(results.keystroke, TARGETS.keystrokeMs);
  }

  if (run('catalogue')) {
    const file = ensureCatalogueWorkspace(corpus);
    const control = corpus.slice(Math.floor(corpus.length / 2)).find(isCalibrated);
    results.catalogue = await measureKeystrokes('keystroke in the catalogue', path.dirname(file), file, control.id);
    const { stats } = results.catalogue;
    results.catalogue.met = printKeystrokes(results.catalogue, TARGETS.catalogueMs) && stats.server.median <= stats.json.median;
    console.log(`no slower than vscode-json-languageservice (medians): ${verdict(stats.server.median <= stats.json.median)}`);
  }

  if (run('indexing')) {
    const idle = await idleServer(ensureEmptyWorkspace());
    const folder = ensureLargeWorkspace(corpus, fileCount);
    const runs = [];
    for (let i = 0; i < runCount; i++) runs.push(await measureIndexing(folder, fileCount));
    const time = summarize(runs.map((r) => r.ms));
    const extra = summarize(runs.map((r) => (r.peak - idle.rss) / MiB));
    const cpu = summarize(runs.map((r) => r.cpuMs - idle.cpuMs));
    results.indexing = { files: fileCount, idleRssMiB: idle.rss / MiB, idleCpuMs: idle.cpuMs, runs, time, extraMiB: extra, extraCpuMs: cpu };
    results.indexing.met = time.median < TARGETS.indexingMs && extra.median < TARGETS.indexingMiB;
    console.log(`\nindexing ${fileCount} control files, ${runCount} runs; idle RSS with an empty workspace ${ms(idle.rss / MiB)} MiB`);
    console.log(`CPU time of a server that indexed the empty workspace: ${ms(idle.cpuMs)} ms`);
    console.log('| run | initialized to status ms | server CPU ms | extra CPU ms | peak RSS MiB | extra MiB | publications |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    runs.forEach((r, i) =>
      console.log(`| ${i + 1} | ${ms(r.ms)} | ${ms(r.cpuMs)} | ${ms(r.cpuMs - idle.cpuMs)} | ${ms(r.peak / MiB)} | ${ms((r.peak - idle.rss) / MiB)} | ${r.published} |`),
    );
    console.log(`median ${ms(time.median)} ms, extra CPU ${ms(cpu.median)} ms, extra memory ${ms(extra.median)} MiB`);
    console.log(`target < ${TARGETS.indexingMs} ms: ${verdict(time.median < TARGETS.indexingMs)}; < ${TARGETS.indexingMiB} MiB: ${verdict(extra.median < TARGETS.indexingMiB)}`);
  }

  results.loadAverageAtEnd = loadAverage();
  console.log(`\nload average at end: ${results.loadAverageAtEnd}`);
  const out = path.resolve(options.out ?? path.join(WORK_DIR, 'results.json'));
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), out)}`);
}

await main();
