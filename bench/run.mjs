// Times control-lint against a floor (read and JSON.parse every file) and
// against ajv-cli, on the real corpus and on a generated corpus of 20,000
// controls. `npm run bench` builds first, then runs this file.
//
// Each run is one process started under GNU time, which reports its user and
// system CPU time and its peak resident set size. Wall time is measured here
// around the spawn. The commands run in turns (floor, CLI, ajv-cli, floor, ...)
// so that load from other processes on the machine falls on all of them alike.
// The first turn is a warm-up and is not counted.
//
// Options: --runs N (counted turns per corpus, default 10 for the real corpus
// and 5 for the generated one), --count N (controls to generate, default 20000),
// --only real|generated, and --baseline DIR to time DIR/bin/control-lint.js as
// well, where DIR contains the bin/, dist/ and package.json of an older build.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS_DIR, corpusFiles, ensureGeneratedCorpus, REPO_ROOT, WORK_DIR } from './generate.mjs';

const GNU_TIME = '/usr/bin/time';
const FLOOR_RATIO_TARGET = 2.5;
const RSS_TARGET_MIB = 100;

function parseArguments(argv) {
  const options = { runs: undefined, count: 20000, only: undefined, baseline: undefined };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[++i];
    if (name === '--runs' || name === '--count') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1) throw new Error(`Invalid ${name} "${value}"; expected a positive whole number.`);
      options[name.slice(2)] = number;
    } else if (name === '--only' && (value === 'real' || value === 'generated')) {
      options.only = value;
    } else if (name === '--baseline' && value) {
      options.baseline = path.resolve(value);
      if (!fs.existsSync(path.join(options.baseline, 'bin', 'control-lint.js'))) {
        throw new Error(`Invalid --baseline "${value}": bin/control-lint.js not found in it; build the older commit there first.`);
      }
    } else {
      throw new Error(`Unknown option "${name}"; the options are --runs N, --count N, --only real|generated and --baseline DIR.`);
    }
  }
  return options;
}

function checkTools() {
  if (!fs.existsSync(GNU_TIME)) {
    throw new Error(`${GNU_TIME} not found; the benchmark reads CPU time and peak memory from GNU time. Install it (Debian: apt-get install time).`);
  }
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js not found; run `npm run build` first, or use `npm run bench`.');
  if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', 'ajv-cli'))) throw new Error('ajv-cli not found in node_modules; run `npm ci`.');
}

/** Lists the commands timed on one folder, as argument lists run from the repository root. */
function commandsFor(folder, baseline, withWorkers) {
  const node = process.execPath;
  const baselineCommands = baseline
    ? [{ name: 'control-lint baseline', args: [node, path.join(baseline, 'bin', 'control-lint.js'), folder] }]
    : [];
  // Below 500 files `--concurrency auto` starts no worker, so it is timed on the large corpus only.
  const workerCommands = withWorkers
    ? [{ name: 'control-lint --concurrency auto', args: [node, 'bin/control-lint.js', '--concurrency', 'auto', folder] }]
    : [];
  return [
    { name: 'floor (read + JSON.parse)', args: [node, 'bench/floor.mjs', folder] },
    { name: 'control-lint', args: [node, 'bin/control-lint.js', folder] },
    ...workerCommands,
    ...baselineCommands,
    {
      name: 'ajv-cli validate',
      args: [
        node,
        'node_modules/ajv-cli/dist/index.js',
        'validate',
        '--spec=draft2020',
        '--all-errors',
        '--errors=line',
        '-s',
        'schemas/control.schema.json',
        '-c',
        'ajv-formats',
        '-c',
        './bench/ajv-keywords.cjs',
        '-d',
        `${folder}/**/*.json`,
      ],
    },
  ];
}

// Runs a command once with its output captured and returns the number of files
// its output reports, so that a tool that skipped files cannot look fast. The
// output goes to files, not pipes: ajv-cli ends with process.exit(), which
// loses output still queued for a pipe (seen with spawnSync's pipes here).
function checkCoverage(command, expectedFiles) {
  const outFile = path.join(WORK_DIR, 'coverage-stdout.txt');
  const errFile = path.join(WORK_DIR, 'coverage-stderr.txt');
  const outFd = fs.openSync(outFile, 'w');
  const errFd = fs.openSync(errFile, 'w');
  let run;
  try {
    run = spawnSync(command.args[0], command.args.slice(1), { cwd: REPO_ROOT, stdio: ['ignore', outFd, errFd] });
  } finally {
    fs.closeSync(outFd);
    fs.closeSync(errFd);
  }
  if (run.error) throw run.error;

  const output = `${fs.readFileSync(outFile, 'utf8')}\n${fs.readFileSync(errFile, 'utf8')}`;
  let handled;
  let summary;
  if (command.name.startsWith('floor')) {
    handled = Number(/^(\d+) files parsed/m.exec(output)?.[1]);
    summary = output.trim();
  } else if (command.name.startsWith('control-lint')) {
    const match = /^(\d+) problems? \(.*\) in (\d+) files?\.$/m.exec(output) ?? /^No problems found in (\d+) files?\.$/m.exec(output);
    handled = Number(match?.[2] ?? match?.[1]);
    summary = match?.[0] ?? '(no summary line)';
  } else {
    const valid = (output.match(/ valid$/gm) ?? []).length;
    const invalid = (output.match(/ invalid$/gm) ?? []).length;
    handled = valid + invalid;
    summary = `${valid} valid, ${invalid} invalid`;
  }

  if (handled !== expectedFiles) {
    throw new Error(`${command.name} handled ${handled} files, expected ${expectedFiles} (exit ${run.status}):\n${output.slice(0, 2000)}`);
  }
  return { exitCode: run.status, summary };
}

// Runs a command once under GNU time with its output discarded.
function measure(command) {
  const timeFile = path.join(WORK_DIR, 'time.txt');
  const start = process.hrtime.bigint();
  const run = spawnSync(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, ...command.args], { cwd: REPO_ROOT, stdio: 'ignore' });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.error) throw run.error;
  const [user, system, maxKib] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wallSeconds, cpuSeconds: user + system, rssMib: maxKib / 1024 };
}

// Quotes an argument for a POSIX shell when it contains characters the shell
// would expand, such as the glob that ajv-cli expands itself.
function shellQuote(argument) {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, "'\\''")}'`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function benchmarkCorpus(label, folder, fileCount, runs, baseline) {
  const relativeFolder = path.relative(REPO_ROOT, folder);
  const commands = commandsFor(relativeFolder, baseline, fileCount >= 500);
  console.error(`\n${label}: ${fileCount} files in ${relativeFolder}`);
  for (const command of commands) {
    const coverage = checkCoverage(command, fileCount);
    command.coverage = coverage;
    console.error(`  ${command.name}: exit ${coverage.exitCode}, ${coverage.summary}`);
  }
  const samples = commands.map(() => []);
  for (let turn = 0; turn <= runs; turn++) {
    commands.forEach((command, index) => {
      const sample = measure(command);
      if (turn > 0) samples[index].push(sample);
    });
    console.error(`  turn ${turn}${turn === 0 ? ' (warm-up)' : ''}: ${commands.length} commands done`);
  }
  return commands.map((command, index) => {
    const runsOf = samples[index];
    return {
      corpus: label,
      files: fileCount,
      command: command.name,
      argv: ['node', ...command.args.slice(1)].map(shellQuote).join(' '),
      exitCode: command.coverage.exitCode,
      summary: command.coverage.summary,
      runs: runsOf.length,
      wallMedian: median(runsOf.map((run) => run.wallSeconds)),
      wallMin: Math.min(...runsOf.map((run) => run.wallSeconds)),
      wallMax: Math.max(...runsOf.map((run) => run.wallSeconds)),
      cpuMedian: median(runsOf.map((run) => run.cpuSeconds)),
      rssMedian: median(runsOf.map((run) => run.rssMib)),
      rssMax: Math.max(...runsOf.map((run) => run.rssMib)),
    };
  });
}

function machine() {
  const cpuModel = os.cpus()[0]?.model ?? 'unknown';
  let kernel = os.release();
  try {
    kernel = execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim();
  } catch {
    // Keep os.release() when uname is missing.
  }
  return {
    cpu: cpuModel,
    cores: os.availableParallelism(),
    memoryGib: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    kernel,
  };
}

function report(rows, info, loadBefore, loadAfter) {
  const lines = [];

  lines.push(`Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGib} GiB RAM, ${info.kernel}, Node ${info.node}`);
  lines.push(`Load average (1 min) before: ${loadBefore.toFixed(2)}, after: ${loadAfter.toFixed(2)}`);
  lines.push('');
  lines.push('| corpus | command | runs | wall median (s) | wall min–max (s) | CPU median (s) | peak RSS median (MiB) | wall / floor |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    const floor = rows.find((other) => other.corpus === row.corpus && other.command.startsWith('floor'));
    lines.push(
      `| ${row.corpus} (${row.files}) | ${row.command} | ${row.runs} | ${row.wallMedian.toFixed(3)} | ` +
        `${row.wallMin.toFixed(3)}–${row.wallMax.toFixed(3)} | ${row.cpuMedian.toFixed(2)} | ${row.rssMedian.toFixed(1)} | ` +
        `${(row.wallMedian / floor.wallMedian).toFixed(2)}× |`,
    );
  }
  lines.push('');

  const find = (corpus, command) => rows.find((row) => row.corpus === corpus && row.command === command);
  const generatedCli = find('generated', 'control-lint');
  const generatedFloor = find('generated', 'floor (read + JSON.parse)');
  if (generatedCli && generatedFloor) {
    const ratio = generatedCli.wallMedian / generatedFloor.wallMedian;
    const verdict = ratio <= FLOOR_RATIO_TARGET ? 'met' : 'missed';
    lines.push(`Target: control-lint within ${FLOOR_RATIO_TARGET}× of the floor at ${generatedCli.files} files: ${ratio.toFixed(2)}× (${verdict})`);
    const rssVerdict = generatedCli.rssMax < RSS_TARGET_MIB ? 'met' : 'missed';
    lines.push(`Target: control-lint peak RSS under ${RSS_TARGET_MIB} MiB at ${generatedCli.files} files: max ${generatedCli.rssMax.toFixed(1)} MiB over the runs (${rssVerdict})`);
  }
  const realCli = find('real', 'control-lint');
  const realAjv = find('real', 'ajv-cli validate');
  if (realCli && realAjv) {
    const verdict = realCli.wallMedian < realAjv.wallMedian ? 'met' : 'missed';
    lines.push(
      `Target: control-lint faster than ajv-cli on the ${realCli.files} real files: ` +
        `${realCli.wallMedian.toFixed(3)} s against ${realAjv.wallMedian.toFixed(3)} s (${verdict})`,
    );
  }
  lines.push('');

  lines.push('Commands, run from the repository root with output discarded:');
  for (const row of rows) lines.push(`- ${row.corpus}, ${row.command}: \`${row.argv}\` (exit ${row.exitCode}; ${row.summary})`);
  return lines.join('\n');
}

const options = parseArguments(process.argv.slice(2));
checkTools();
fs.mkdirSync(WORK_DIR, { recursive: true });
const loadBefore = os.loadavg()[0];
const rows = [];
if (options.only !== 'generated') {
  rows.push(...benchmarkCorpus('real', CORPUS_DIR, corpusFiles().length, options.runs ?? 10, options.baseline));
}
if (options.only !== 'real') {
  const generated = ensureGeneratedCorpus(options.count);
  console.error(`\ngenerated corpus: ${JSON.stringify(generated.manifest)}`);
  rows.push(...benchmarkCorpus('generated', generated.dir, options.count, options.runs ?? 5, options.baseline));
}
const info = machine();
const text = report(rows, info, loadBefore, os.loadavg()[0]);
fs.writeFileSync(path.join(WORK_DIR, 'results.json'), `${JSON.stringify({ machine: info, rows }, null, 2)}\n`);
fs.writeFileSync(path.join(WORK_DIR, 'results.md'), `${text}\n`);
console.log(text);
