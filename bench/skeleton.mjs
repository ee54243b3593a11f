// Measures what control-lint costs apart from its lint core. It times three
// runs of the CLI on the same files, in turns with the floor:
//
// - full: the CLI as built, from out/ (the compiled sources, not the bundle);
// - parse only: lintText replaced by the core's parser and an empty result;
// - no lint: lintText replaced by JSON.parse and an empty result, so that
//   what remains is finding, reading and storing the files, and a report
//   without findings. The cross-file rules run too, on no controls.
//
// Usage: node bench/skeleton.mjs [--runs N] [folder]
// The default folder is the generated 20,000-control corpus; `npm run build`
// must have run first. Each run is a child process with its output discarded.
// The table gives the median wall and CPU time, and the ratio of the median
// wall time to the floor's.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ensureGeneratedCorpus, REPO_ROOT } from './generate.mjs';

const MODES = ['full', 'parse only', 'no lint'];

function runChild(mode, folder) {
  const require = createRequire(import.meta.url);
  require('node:v8').setFlagsFromString(require(path.join(REPO_ROOT, 'bin/heap-flags.js')).HEAP_FLAGS);
  const lint = require(path.join(REPO_ROOT, 'out/server/src/core/lint.js'));
  const { parseDocument } = require(path.join(REPO_ROOT, 'out/server/src/core/parse.js'));
  const empty = (options) => ({ file: options.file, kind: 'control', findings: [], controls: [] });
  if (mode === 'parse only') {
    lint.lintText = (text, options) => {
      parseDocument(text);
      return empty(options);
    };
  } else if (mode === 'no lint') {
    lint.lintText = (text, options) => {
      JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      return empty(options);
    };
  }
  const { main } = require(path.join(REPO_ROOT, 'out/server/src/cli/main.js'));
  const io = { cwd: REPO_ROOT, stdout: () => undefined, stderr: (text) => process.stderr.write(text), stderrIsTTY: false };
  main([folder], io).then(() => {
    const usage = process.resourceUsage();
    process.stdout.write(`${JSON.stringify({ cpu: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
  });
}

// A run of the CLI counts only when it printed its CPU time, which it does
// after main() returns. A run of the floor counts only when it exits with status 0.
function timeCommand(args, isCli) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const last = child.stdout.trim().split('\n').pop() ?? '';
  const failed = isCli ? !last.startsWith('{"cpu":') || child.stderr.includes('control-lint:') : child.status !== 0;
  if (failed) throw new Error(`${args.join(' ')} failed with exit status ${child.status}: ${child.stderr.slice(0, 500)}`);
  return { wall, cpu: isCli ? JSON.parse(last).cpu : Number.NaN };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function parseArguments(argv) {
  const options = { runs: 5, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') {
      options.runs = Number(argv[++i]);
      if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error(`Invalid --runs "${argv[i]}"; expected a positive whole number.`);
    } else {
      options.folder = path.resolve(argv[i]);
    }
  }
  return options;
}

if (process.argv[2] === '--child') {
  runChild(process.argv[3], process.argv[4]);
} else {
  const options = parseArguments(process.argv.slice(2));
  const folder = options.folder ?? ensureGeneratedCorpus(20000).dir;
  const self = path.join(REPO_ROOT, 'bench/skeleton.mjs');
  const commands = [
    { name: 'floor (read + JSON.parse)', args: [path.join(REPO_ROOT, 'bench/floor.mjs'), folder], isCli: false },
    ...MODES.map((mode) => ({ name: `control-lint, ${mode}`, args: [self, '--child', mode, folder], isCli: true })),
  ];
  const times = new Map(commands.map((command) => [command.name, []]));
  // The first turn warms the file cache and is not counted.
  for (let turn = 0; turn <= options.runs; turn++) {
    for (const command of commands) {
      const time = timeCommand(command.args, command.isCli);
      if (turn > 0) times.get(command.name).push(time);
    }
  }
  const floor = median(times.get(commands[0].name).map((time) => time.wall));
  console.log(`${path.relative(REPO_ROOT, folder)}, ${options.runs} runs each, Node ${process.version}\n`);
  console.log('| command | wall median (s) | CPU median (s) | wall / floor |');
  console.log('|---|---:|---:|---:|');
  for (const command of commands) {
    const runs = times.get(command.name);
    const wall = median(runs.map((time) => time.wall));
    const cpu = median(runs.map((time) => time.cpu));
    console.log(`| ${command.name} | ${wall.toFixed(3)} | ${Number.isNaN(cpu) ? '' : cpu.toFixed(2)} | ${(wall / floor).toFixed(2)}× |`);
  }
}
