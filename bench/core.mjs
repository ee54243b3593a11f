// Benchmarks the lint core in one process, without the CLI: lintText over
// every file of a corpus, then lintSet over the results, repeated in rounds.
// Prints CPU microseconds per file for the whole call and for its parts:
// parsing, each syntax rule, reading the control value, and each control rule.
//
// Usage: node bench/core.mjs [--rounds N] [--out DIR] [--no-fixes] [folder]
// The default folder is the real corpus. The core is loaded from DIR, by
// default out/, which `npm run build` fills, so an older build copied aside
// (with a schemas/ folder beside it) can be compared with the current one.
// With --no-fixes, lintText runs with `fixes: false` and the rules get
// `includeFixes: false`, so that no rule builds fixes.
// The parts are timed in separate passes over the same texts, so their sum
// differs from the whole call. A control rule that reads the script template
// analysis pays for it in these passes, as the first such rule does in a run.
import { getNodeValue } from 'jsonc-parser';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CORPUS_DIR, REPO_ROOT } from './generate.mjs';

const require = createRequire(import.meta.url);

function parseArguments(argv) {
  const options = { rounds: 20, folder: CORPUS_DIR, out: path.join(REPO_ROOT, 'out'), fixes: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      options.out = path.resolve(argv[++i]);
    } else if (argv[i] === '--no-fixes') {
      options.fixes = false;
    } else if (argv[i] === '--rounds') {
      options.rounds = Number(argv[++i]);
      if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new Error(`Invalid --rounds "${argv[i]}"; expected a positive whole number.`);
    } else {
      options.folder = path.resolve(argv[i]);
    }
  }
  return options;
}

function readCorpus(folder) {
  const names = fs.readdirSync(folder, { recursive: true }).filter((name) => name.endsWith('.json')).sort();
  return names.map((name) => ({ file: name.split(path.sep).join('/'), text: fs.readFileSync(path.join(folder, name), 'utf8') }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Returns the CPU time (user and system, all threads of this process) in
// microseconds. CPU time varies less than wall time when other processes
// compete for the cores.
function cpuMicros() {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

// Runs `work` once per round and returns the median CPU time of one round in microseconds.
function timeRounds(rounds, work) {
  const times = [];
  for (let round = 0; round < rounds; round++) {
    const start = cpuMicros();
    work();
    times.push(cpuMicros() - start);
  }
  return median(times);
}

const options = parseArguments(process.argv.slice(2));
const core = path.join(options.out, 'server', 'src', 'core');
const { lintText, lintSet } = require(path.join(core, 'lint.js'));
const { parseDocument } = require(path.join(core, 'parse.js'));
const { SYNTAX_RULES, CONTROL_RULES } = require(path.join(core, 'rules', 'index.js'));
const { DEFAULT_CONFIG } = require(path.join(core, 'config.js'));
const files = readCorpus(options.folder);
if (files.length === 0) throw new Error(`No .json files under ${options.folder}.`);
const config = DEFAULT_CONFIG;
const includeFixes = options.fixes;
const lintOptions = (file) => ({ file, config, fixes: includeFixes });
const perFile = (micros) => (micros / files.length).toFixed(1);

// Warm up the JIT and the compiled schema before any timing.
for (let pass = 0; pass < 5; pass++) for (const { file, text } of files) lintText(text, lintOptions(file));

const rows = [];
const whole = timeRounds(options.rounds, () => {
  const results = files.map(({ file, text }) => lintText(text, lintOptions(file)));
  lintSet(results, config);
});
rows.push(['lintText + lintSet (whole)', whole]);
const linted = files.map(({ file, text }) => lintText(text, lintOptions(file)));
rows.push(['lintSet alone', timeRounds(options.rounds, () => lintSet(linted.map((result) => ({ ...result, findings: [...result.findings] })), config))]);
rows.push(['lintText alone', timeRounds(options.rounds, () => files.forEach(({ file, text }) => lintText(text, lintOptions(file))))]);
rows.push(['parseDocument', timeRounds(options.rounds, () => files.forEach(({ text }) => parseDocument(text)))]);

const docs = files.map(({ text }) => parseDocument(text));
for (const rule of SYNTAX_RULES) {
  rows.push([`  syntax rule ${rule.meta.id}`, timeRounds(options.rounds, () => docs.forEach((doc) => rule.check(doc, includeFixes)))]);
}
const controlNodes = docs.flatMap((doc, index) => {
  const root = doc.root;
  if (root?.type === 'object') return [{ doc, node: root, fileName: path.basename(files[index].file) }];
  if (root?.type === 'array') return (root.children ?? []).filter((node) => node.type === 'object').map((node) => ({ doc, node }));
  return [];
});
rows.push(['getNodeValue (control value)', timeRounds(options.rounds, () => controlNodes.forEach(({ node }) => getNodeValue(node)))]);
for (const rule of CONTROL_RULES) {
  // Fresh trees each round, so that work a rule caches (the script template
  // analysis) is paid for in every round, as in a real run.
  const contexts = () =>
    files.map(({ text }, index) => {
      const doc = parseDocument(text);
      const node = doc.root;
      return { doc, node, value: getNodeValue(node), config, includeFixes, fileName: path.basename(files[index].file) };
    });
  const times = [];
  for (let round = 0; round < options.rounds; round++) {
    const prepared = contexts().filter((context) => context.node?.type === 'object');
    const start = cpuMicros();
    for (const context of prepared) rule.check(context);
    times.push(cpuMicros() - start);
  }
  rows.push([`  control rule ${rule.meta.id}`, median(times)]);
}

const fixesNote = includeFixes ? '' : ', without fixes';
console.log(`${files.length} files in ${path.relative(process.cwd(), options.folder) || '.'}, median of ${options.rounds} rounds${fixesNote}, Node ${process.version}`);
console.log('| part | CPU µs per file |');
console.log('|---|---:|');
for (const [name, micros] of rows) console.log(`| ${name} | ${perFile(micros)} |`);
