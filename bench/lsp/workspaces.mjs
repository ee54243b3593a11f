// Builds the workspaces the language server benchmark opens, under
// bench/.work/lsp/, from the real controls. Each is rebuilt only when it is
// missing or was made by another version of this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = path.resolve(here, '..', '..');
export const CORPUS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'edca');
export const WORK_DIR = path.join(REPO_ROOT, 'bench', '.work', 'lsp');

/** Controls in EDCA's own catalogue file, Config/controls.json. */
export const CATALOGUE_SIZE = 192;

const GENERATOR_VERSION = 1;
const ID_PROPERTY = /"id"\s*:\s*"(EDCA-([A-Z]+)-(\d{3}))"/;
const MAX_NUMBER = 999;

/** Reads the real controls in file-name order, with their id code and number. */
export function readCorpus(dir = CORPUS_DIR) {
  const names = fs
    .readdirSync(dir)
    .filter((name) => /^EDCA-.*\.json$/.test(name))
    .sort();
  if (names.length === 0) throw new Error(`No EDCA-*.json controls found in ${dir}; the benchmark needs the real corpus.`);
  return names.map((name) => {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const match = ID_PROPERTY.exec(text);
    if (!match) throw new Error(`${file}: no "id" of the form EDCA-<CODE>-<NNN> to rewrite.`);
    return { file, text, id: match[1], code: match[2], number: Number(match[3]) };
  });
}

// Returns the text with the control's id replaced, checked with a strict parser.
function withId(control, id) {
  const match = ID_PROPERTY.exec(control.text);
  const start = match.index + match[0].indexOf(match[1]);
  const text = control.text.slice(0, start) + id + control.text.slice(start + match[1].length);
  if (JSON.parse(text).id !== id) throw new Error(`${control.file}: the first "id" property is not the control's id.`);
  return text;
}

function formatId(code, number) {
  return `EDCA-${code}-${String(number).padStart(3, '0')}`;
}

// Runs `write(dir)` unless `dir` has a stamp from the same generator and key.
function ensure(name, key, write) {
  const dir = path.join(WORK_DIR, name);
  const stampFile = `${dir}.stamp`;
  const stamp = JSON.stringify({ version: GENERATOR_VERSION, key });
  if (fs.existsSync(dir) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return dir;
  fs.rmSync(stampFile, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  write(dir);
  // The stamp is written last, so an interrupted run builds the folder again.
  fs.writeFileSync(stampFile, stamp);
  return dir;
}

/** Creates a workspace with no control files, for the idle memory of the server. */
export function ensureEmptyWorkspace() {
  return ensure('empty', 'empty', () => {});
}

/** Creates a workspace with the real controls as they are, in controls/<id>.json. */
export function ensureCorpusWorkspace(corpus) {
  return ensure('corpus', corpus.length, (dir) => {
    fs.mkdirSync(path.join(dir, 'controls'));
    for (const control of corpus) fs.writeFileSync(path.join(dir, 'controls', path.basename(control.file)), control.text);
  });
}

/**
 * Creates a workspace with one catalogue, controls.json: the real controls,
 * then copies of the first ones with the next free id of their code, up to
 * CATALOGUE_SIZE, as a JSON array with 2-space indent. Returns its path.
 */
export function ensureCatalogueWorkspace(corpus) {
  const dir = ensure('catalogue', CATALOGUE_SIZE, (target) => {
    const nextNumber = new Map();
    for (const control of corpus) nextNumber.set(control.code, Math.max(nextNumber.get(control.code) ?? 0, control.number) + 1);
    const controls = corpus.map((control) => JSON.parse(control.text));
    for (let i = 0; controls.length < CATALOGUE_SIZE; i++) {
      const source = corpus[i % corpus.length];
      const number = nextNumber.get(source.code);
      nextNumber.set(source.code, number + 1);
      controls.push(JSON.parse(withId(source, formatId(source.code, number))));
    }
    fs.writeFileSync(path.join(target, 'controls.json'), `${JSON.stringify(controls, null, 2)}\n`);
  });
  return path.join(dir, 'controls.json');
}

/**
 * Creates a workspace of `count` control files made from the real ones,
 * cycled in file-name order, each with a new id and named after it.
 *
 * An id has three digits, so one code has at most 999 ids and the eight codes
 * 7,992: 20,000 unique ids cannot exist. Each copy keeps the code of its
 * source, so the id still matches the category, and takes the next number of
 * that code. After 999 the numbers start again at 001 in the next folder,
 * shard-2/controls/, shard-3/controls/ and so on. The server therefore reports
 * id-duplicate on most files, as it would on such a workspace.
 */
export function ensureLargeWorkspace(corpus, count) {
  return ensure(`workspace-${count}`, count, (dir) => {
    const used = new Map();
    for (let i = 0; i < count; i++) {
      const source = corpus[i % corpus.length];
      const index = used.get(source.code) ?? 0;
      used.set(source.code, index + 1);
      const shard = path.join(dir, `shard-${Math.floor(index / MAX_NUMBER) + 1}`, 'controls');
      const id = formatId(source.code, (index % MAX_NUMBER) + 1);
      if (index % MAX_NUMBER === 0) fs.mkdirSync(shard, { recursive: true });
      fs.writeFileSync(path.join(shard, `${id}.json`), withId(source, id));
    }
  });
}
