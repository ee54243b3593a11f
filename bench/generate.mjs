// Generates the large benchmark corpus from the real controls: copies of them,
// cycled in file-name order, each with a new id and named after it.
//
// Ids have the form EDCA-<CODE>-<NNN>, so one code has at most 999 ids
// (001-999) and the eight codes 7,992 in all: 20,000 unique ids cannot exist.
// Each copy keeps the code of the control it was made from (so the id still
// matches its category), and takes the next number of that code. After 999 the
// numbers start again at 001 in the next shard folder, shard-2/, shard-3/, and
// so on. Inside one folder the ids are unique and each file is named after its
// id. Across folders the same id occurs several times, so the linter reports
// id-duplicate on those files, and each shard-1/ id exists, so every cited
// control id resolves.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = path.resolve(here, '..');
export const CORPUS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'edca');
export const WORK_DIR = path.join(here, '.work');

const ID_PROPERTY = /"id"\s*:\s*"([^"\\]*)"/;
const ID_FORM = /^EDCA-([A-Z]+)-\d{3}$/;
const MAX_NUMBER = 999;
const GENERATOR_VERSION = 1;

/** Lists the control files of the real corpus, sorted by name. */
export function corpusFiles(dir = CORPUS_DIR) {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Creates `count` controls under bench/.work/generated-<count>/ unless a
 * complete copy made from the same sources is already there. Returns the
 * folder and its manifest.
 */
export function ensureGeneratedCorpus(count, sourceDir = CORPUS_DIR) {
  const sources = corpusFiles(sourceDir).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
  if (sources.length === 0) throw new Error(`No .json files found in ${sourceDir}; the generator needs the real controls.`);
  const sourceHash = hashSources(sources);
  const dir = path.join(WORK_DIR, `generated-${count}`);
  // The manifest sits beside the folder, so that only controls are inside it.
  const manifestPath = `${dir}.manifest.json`;
  const existing = readManifest(manifestPath);
  if (existing && existing.version === GENERATOR_VERSION && existing.count === count && existing.sourceHash === sourceHash) {
    return { dir, manifest: existing };
  }
  fs.rmSync(manifestPath, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  const manifest = writeCorpus(dir, count, sources, sourceHash);
  // The manifest is written last, so an interrupted run is regenerated next time.
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest };
}

function writeCorpus(dir, count, sources, sourceHash) {
  const nextIndex = new Map();
  const occurrences = new Map();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const match = ID_PROPERTY.exec(source.text);
    const codeMatch = match ? ID_FORM.exec(match[1]) : null;
    if (!match || !codeMatch) throw new Error(`${source.file}: no id of the form EDCA-<CODE>-<NNN> to rewrite.`);
    const code = codeMatch[1];
    const index = nextIndex.get(code) ?? 0;
    nextIndex.set(code, index + 1);
    const shard = Math.floor(index / MAX_NUMBER) + 1;
    const id = `EDCA-${code}-${String((index % MAX_NUMBER) + 1).padStart(3, '0')}`;
    const start = match.index + match[0].lastIndexOf(match[1]);
    const text = source.text.slice(0, start) + id + source.text.slice(start + match[1].length);
    if (JSON.parse(text).id !== id) throw new Error(`${source.file}: the first "id" property is not the control's id.`);
    const shardDir = path.join(dir, `shard-${shard}`);
    if (index % MAX_NUMBER === 0) fs.mkdirSync(shardDir, { recursive: true });
    fs.writeFileSync(path.join(shardDir, `${id}.json`), text);
    occurrences.set(id, (occurrences.get(id) ?? 0) + 1);
    bytes += Buffer.byteLength(text);
  }
  let duplicatedFiles = 0;
  for (const times of occurrences.values()) if (times > 1) duplicatedFiles += times;
  return {
    version: GENERATOR_VERSION,
    count,
    sourceCount: sources.length,
    sourceHash,
    bytes,
    uniqueIds: occurrences.size,
    filesWithDuplicateId: duplicatedFiles,
    shards: Math.max(...[...nextIndex.values()].map((n) => Math.ceil(n / MAX_NUMBER))),
    filesPerCode: Object.fromEntries([...nextIndex.entries()].sort()),
  };
}

function hashSources(sources) {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(path.basename(source.file)).update('\0').update(source.text).update('\0');
  return hash.digest('hex');
}

function readManifest(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 20000);
  if (!Number.isInteger(count) || count < 1) throw new Error(`Invalid count "${process.argv[2]}"; expected a positive whole number.`);
  const { dir, manifest } = ensureGeneratedCorpus(count);
  console.log(`${path.relative(process.cwd(), dir)}: ${JSON.stringify(manifest)}`);
}
