// Profiles one run of the bundled CLI with V8's sampling profiler and prints
// where the time went. It lists self time by area of the code and by source
// file (mapped back through dist/cli.js.map), the top functions by self time,
// and the functions of server/src by total time including what they call.
//
// Usage: node bench/profile.mjs [cli arguments...]
// The default argument is the generated 20,000-control corpus; `npm run build`
// must have run first. The raw .cpuprofile stays in bench/.work/profiles/ for
// Chrome DevTools or speedscope.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureGeneratedCorpus, REPO_ROOT, WORK_DIR } from './generate.mjs';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's `mappings` into, per generated line, sorted [column, source index] pairs. */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  for (const lineText of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segmentText of lineText.split(',')) {
      if (!segmentText) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segmentText) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) {
        source += fields[1];
        segments.push([column, source]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function sourceAt(lines, sources, line, column) {
  const segments = lines[line] ?? [];
  let found;
  for (const [segmentColumn, source] of segments) {
    if (segmentColumn > column) break;
    found = source;
  }
  return found === undefined ? '(unmapped)' : sources[found];
}

/** Groups a source path into the part of the program it belongs to. */
function areaOf(file, functionName) {
  if (file.startsWith('(')) return file;
  if (file.includes('node_modules/ajv')) return 'ajv (schema compile and validation)';
  if (file.includes('node_modules/jsonc-parser')) return 'jsonc-parser (parse tree)';
  if (file.includes('node_modules/tinyglobby') || file.includes('node_modules/fdir') || file.includes('node_modules/picomatch')) {
    return 'file discovery (tinyglobby)';
  }
  if (file.includes('node_modules/commander')) return 'argument parsing (commander)';
  if (file.includes('/core/rules/')) return 'rules';
  if (file.endsWith('/core/template.ts')) return 'rules: script template analysis';
  if (file.endsWith('/core/schema.ts')) return 'schema findings';
  if (file.endsWith('/core/parse.ts') || file.endsWith('/core/text.ts') || file.endsWith('/core/strings.ts')) return 'lint core: parse';
  if (file.includes('/core/')) return 'lint core: other';
  if (file.includes('/cli/formats/')) return 'output formatting';
  if (file.includes('/cli/')) return 'CLI: files and reading';
  if (file.startsWith('node:') || file.startsWith('internal/') || !file.includes('/')) return `node internals (${functionName || 'anonymous'})`;
  return file;
}

function summarize(profileFile, bundle) {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const map = JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8'));
  const lines = decodeMappings(map.mappings);
  const sources = map.sources.map((source) => path.resolve(path.dirname(bundle), source));
  const bundleUrl = `file://${bundle}`;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const locate = (frame) => {
    let file;
    if (frame.url === bundleUrl) file = sourceAt(lines, sources, frame.lineNumber, frame.columnNumber);
    else if (frame.url) file = frame.url.replace(/^file:\/\//, '');
    else file = `(${frame.functionName || 'program'})`;
    const shortFile = path.relative(REPO_ROOT, file).startsWith('..') ? file : path.relative(REPO_ROOT, file);
    return { file, shortFile, key: `${frame.functionName || '(anonymous)'}  ${shortFile}` };
  };
  const byFile = new Map();
  const byArea = new Map();
  const byFunction = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id).callFrame;
    const { file, shortFile, key } = locate(frame);
    const area = areaOf(file, frame.functionName);
    byFile.set(shortFile, (byFile.get(shortFile) ?? 0) + micros);
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    total += micros;
    // Inclusive time counts each function once per sample, however deep its recursion.
    const seen = new Set();
    for (let current = id; current !== undefined; current = parents.get(current)) {
      const located = locate(nodes.get(current).callFrame);
      if (!located.shortFile.startsWith('server/') || seen.has(located.key)) continue;
      seen.add(located.key);
      inclusive.set(located.key, (inclusive.get(located.key) ?? 0) + micros);
    }
  }
  const print = (title, table, limit) => {
    console.log(`\n${title}`);
    const rows = [...table.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
    for (const [name, micros] of rows) {
      console.log(`${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`sampled ${(total / 1000).toFixed(0)} ms in ${profileFile}`);
  print('self time by area', byArea, 25);
  print('self time by file', byFile, 25);
  print('self time by function', byFunction, 30);
  print('total time (self and callees) by function of server/src', inclusive, 40);
}

const args = process.argv.slice(2);
if (args.length === 0) args.push(path.relative(process.cwd(), ensureGeneratedCorpus(20000).dir));
const profileDir = path.join(WORK_DIR, 'profiles');
fs.mkdirSync(profileDir, { recursive: true });
const before = new Set(fs.readdirSync(profileDir));
const bundle = path.join(REPO_ROOT, 'dist', 'cli.js');
const run = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, path.join(REPO_ROOT, 'bin', 'control-lint.js'), ...args], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (run.error) throw run.error;
const created = fs.readdirSync(profileDir).filter((name) => !before.has(name) && name.endsWith('.cpuprofile'));
if (created.length !== 1) throw new Error(`Expected one new profile in ${profileDir}; found ${created.length}.`);
summarize(path.join(profileDir, created[0]), bundle);
