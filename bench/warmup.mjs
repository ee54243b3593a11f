// Shows how long the lint core takes to reach full speed in a new process:
// lintText over every file of a corpus, in passes, with the time per file of
// each block of files. The first blocks of the first pass run while V8 still
// interprets the core or compiles it; later passes run the optimized code.
//
// Usage: node bench/warmup.mjs [--passes N] [--block N] [folder]
// The default folder is the generated 20,000-control corpus; `npm run build`
// must have run first. The texts are read before timing starts.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ensureGeneratedCorpus, REPO_ROOT } from './generate.mjs';

const require = createRequire(import.meta.url);
require('node:v8').setFlagsFromString(require(path.join(REPO_ROOT, 'bin/heap-flags.js')).HEAP_FLAGS);

function parseArguments(argv) {
  const options = { passes: 3, block: 2000, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--passes' || argv[i] === '--block') {
      const name = argv[i].slice(2);
      options[name] = Number(argv[++i]);
      if (!Number.isInteger(options[name]) || options[name] < 1) throw new Error(`Invalid --${name} "${argv[i]}"; expected a positive whole number.`);
    } else {
      options.folder = path.resolve(argv[i]);
    }
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
const folder = options.folder ?? ensureGeneratedCorpus(20000).dir;
const { lintText } = require(path.join(REPO_ROOT, 'out/server/src/core/lint.js'));
const { DEFAULT_CONFIG } = require(path.join(REPO_ROOT, 'out/server/src/core/config.js'));
const names = fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.json')).sort();
const texts = names.map((name) => fs.readFileSync(path.join(folder, name), 'utf8'));
console.log(`${path.relative(REPO_ROOT, folder)}: ${texts.length} files, µs per file for each block of ${options.block}, Node ${process.version}`);
for (let pass = 1; pass <= options.passes; pass++) {
  const blocks = [];
  let start = performance.now();
  for (let i = 0; i < texts.length; i++) {
    lintText(texts[i], { file: names[i], config: DEFAULT_CONFIG, fixes: false });
    if ((i + 1) % options.block === 0 || i + 1 === texts.length) {
      const now = performance.now();
      blocks.push(Math.round(((now - start) * 1000) / (i % options.block + 1)));
      start = now;
    }
  }
  console.log(`pass ${pass}: ${blocks.join(' ')}`);
}
