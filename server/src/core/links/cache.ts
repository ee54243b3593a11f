import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LinkResult, LinkVerdict } from './types';

/** How long results stay fresh, in milliseconds: `success` for ok and moved links, `failure` for the rest. */
export interface LinkCacheTtl {
  success: number;
  failure: number;
}

/** One day for links that work; an hour for broken and unverified ones, which may be passing failures. */
export const DEFAULT_LINK_CACHE_TTL: Readonly<LinkCacheTtl> = Object.freeze({ success: 86_400_000, failure: 3_600_000 });

const FORMAT_VERSION = 1;
const VERDICTS: ReadonlySet<LinkVerdict> = new Set(['ok', 'moved', 'broken', 'unverified']);

/** Returns the path of the cache file that the CLI and the language server share, in the user's cache folder. */
export function defaultLinkCacheFile(): string {
  const home = os.homedir();
  let folder: string;
  if (process.platform === 'win32') folder = process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
  else if (process.platform === 'darwin') folder = path.join(home, 'Library', 'Caches');
  else folder = process.env.XDG_CACHE_HOME || path.join(home, '.cache');
  return path.join(folder, 'control-studio', 'links.json');
}

/**
 * Link results by normalized URL, kept in a JSON file. Several processes may
 * share the file: `save` merges the entries the file contains now, keeping the newer
 * result of each URL, and replaces the file in one rename.
 */
export class LinkCache {
  private readonly entries = new Map<string, LinkResult>();
  /** The reason the file could not be read, when it exists but is not a cache file. The cache then starts empty. */
  loadProblem?: string;

  constructor(
    readonly file: string | undefined,
    readonly ttl: Readonly<LinkCacheTtl> = DEFAULT_LINK_CACHE_TTL,
  ) {}

  /** Opens a cache file; a missing file gives an empty cache. */
  static async open(file: string, ttl?: Readonly<LinkCacheTtl>): Promise<LinkCache> {
    const cache = new LinkCache(file, ttl);
    const read = await readEntries(file);
    if ('problem' in read) cache.loadProblem = read.problem;
    else for (const entry of read.entries) cache.entries.set(entry.url, entry);
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Returns the fresh result for a URL, or undefined. A result that reached a
   * private address is only returned while private addresses are allowed.
   */
  get(url: string, now: number, allowPrivate: boolean): LinkResult | undefined {
    const entry = this.entries.get(url);
    if (!entry || !this.isFresh(entry, now)) return undefined;
    if (entry.privateAddress && !allowPrivate) return undefined;
    return entry;
  }

  set(result: LinkResult): void {
    const { cached: _cached, ...entry } = result;
    this.entries.set(entry.url, entry);
  }

  /** Writes the fresh results to the file, merged with those other processes wrote since it was read. */
  async save(now: number): Promise<void> {
    if (this.file === undefined) return;
    const current = await readEntries(this.file);
    if ('entries' in current) {
      for (const entry of current.entries) {
        const mine = this.entries.get(entry.url);
        if (!mine || mine.checkedAt < entry.checkedAt) this.entries.set(entry.url, entry);
      }
    }
    for (const [url, entry] of this.entries) {
      if (!this.isFresh(entry, now)) this.entries.delete(url);
    }
    const entries = [...this.entries.values()].sort(byUrl);
    const text = `${JSON.stringify({ version: FORMAT_VERSION, entries }, null, 1)}\n`;
    await createFolder(path.dirname(this.file));
    await replaceFile(this.file, text);
  }

  private isFresh(entry: LinkResult, now: number): boolean {
    const age = now - entry.checkedAt;
    const ttl = entry.verdict === 'ok' || entry.verdict === 'moved' ? this.ttl.success : this.ttl.failure;
    return age >= 0 && age < ttl;
  }
}

// Creates a folder and its missing parents. A file at the folder's own path
// makes mkdir fail with "EEXIST: file already exists", which suggests that the
// folder exists, so that case gets its own message.
async function createFolder(folder: string): Promise<void> {
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw Object.assign(new Error(`${folder} exists and is not a folder`), { code: 'ENOTDIR' });
  }
}

/**
 * Replaces `file` with `text` through a temporary file in the same folder. The
 * temporary file has a random name and mode 0o600. It is created exclusively, so
 * a file or symbolic link already at that name makes the save fail instead of
 * being written through. The rename replaces a symbolic link at `file` itself
 * and leaves its target alone.
 */
async function replaceFile(file: string, text: string): Promise<void> {
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

// Orders by UTF-16 code units, so the file does not depend on the locale.
function byUrl(a: LinkResult, b: LinkResult): number {
  if (a.url === b.url) return 0;
  return a.url < b.url ? -1 : 1;
}

async function readEntries(file: string): Promise<{ entries: LinkResult[] } | { problem: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    // ENOTDIR: a folder of the path is a file, so the cache file cannot exist either.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { entries: [] };
    return { problem: `cannot read the link cache: ${(error as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { problem: `the link cache is not valid JSON: ${(error as Error).message}` };
  }
  const record = data as { version?: unknown; entries?: unknown };
  if (record?.version !== FORMAT_VERSION || !Array.isArray(record.entries)) {
    return { problem: `the link cache is not a version ${FORMAT_VERSION} cache file` };
  }
  return { entries: record.entries.filter(isEntry) };
}

function isEntry(value: unknown): value is LinkResult {
  const entry = value as Partial<LinkResult> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.url === 'string' &&
    VERDICTS.has(entry.verdict as LinkVerdict) &&
    typeof entry.reason === 'string' &&
    typeof entry.finalUrl === 'string' &&
    typeof entry.redirects === 'number' &&
    typeof entry.checkedAt === 'number'
  );
}
