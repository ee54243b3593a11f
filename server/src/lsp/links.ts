import type { Config } from '../core/config';
import { checkLinks, describeLinkResult, LinkCache, type LinkResult, linkFindings, linkUserAgent, referenceUrls } from '../core/links';
import { parseDocument } from '../core/parse';
import type { Finding, SeveritySetting } from '../core/types';

/** Link checking as the editor's settings and the workspace's trust allow it. */
export interface LinkSettings {
  enabled: boolean;
  /** Taken from user settings only: a workspace must not open private addresses. */
  allowPrivate: boolean;
  timeoutMs: number;
  /** The file that keeps results between sessions, in the extension's workspace storage. */
  cacheFile?: string;
  /** False in an untrusted workspace, where no request is ever sent. */
  trusted: boolean;
}

export const DEFAULT_LINK_SETTINGS: Readonly<LinkSettings> = Object.freeze({ enabled: true, allowPrivate: false, timeoutMs: 10_000, trusted: false });

/** The results of every link check of this session, and the cache shared with the CLI. */
export class LinkService {
  private readonly results = new Map<string, LinkResult>();
  private cache: Promise<LinkCache> | undefined;

  constructor(
    private settings: LinkSettings,
    private readonly version: string,
    private readonly log: (message: string) => void,
  ) {}

  configure(settings: LinkSettings): void {
    if (settings.cacheFile !== this.settings.cacheFile) this.cache = undefined;
    this.settings = settings;
  }

  /** Takes the enabled flag and the timeout from reloaded settings; trust, cache and private addresses stay. */
  reload(raw: unknown): void {
    const given = readLinkSettings(raw);
    this.settings = { ...this.settings, enabled: given.enabled, timeoutMs: given.timeoutMs };
  }

  get active(): boolean {
    return this.settings.enabled && this.settings.trusted;
  }

  /** Returns the reference URLs of a text, for a check. */
  urlsOf(text: string): string[] {
    return referenceUrls(parseDocument(text)).map((reference) => reference.url);
  }

  /** Checks URLs and keeps their results; resolves without checking when checks are off. */
  async check(urls: string[], onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<number> {
    if (!this.active || urls.length === 0) return 0;
    const cache = await this.openCache();
    const found = await checkLinks(
      urls,
      {
        cache,
        allowPrivate: this.settings.allowPrivate,
        timeoutMs: this.settings.timeoutMs,
        userAgent: linkUserAgent(this.version, 'vscode'),
      },
      (progress) => onProgress?.(progress.done, progress.total),
      signal,
    );
    for (const [url, result] of found) this.results.set(url, result);
    await cache.save(Date.now()).catch((error: unknown) => this.log(`Saving the link cache ${cache.file} failed: ${String(error)}`));
    return found.size;
  }

  /** Returns the results known so far, for linting; undefined when there are none or checks are off. */
  resultsForLint(): ReadonlyMap<string, LinkResult> | undefined {
    return this.results.size === 0 || !this.active ? undefined : this.results;
  }

  /** Returns the link findings of a text from the results known so far. */
  findings(text: string, config: Config, overrides: Readonly<Record<string, SeveritySetting>>): Finding[] {
    if (this.results.size === 0 || !this.active) return [];
    return linkFindings(parseDocument(text), this.results, { config, overrides });
  }

  /** Describes the last result of a URL for a hover. */
  describe(url: string): string | undefined {
    const result = this.results.get(url);
    return result ? describeLinkResult(result) : undefined;
  }

  private openCache(): Promise<LinkCache> {
    this.cache ??= this.settings.cacheFile
      ? LinkCache.open(this.settings.cacheFile).then((cache) => {
          if (cache.loadProblem) this.log(`The link cache ${cache.file} was not readable and starts empty: ${cache.loadProblem}`);
          return cache;
        })
      : Promise.resolve(new LinkCache(undefined));
    return this.cache;
  }
}

/** Reads the link settings the client sends, falling back to the defaults. */
export function readLinkSettings(raw: unknown): LinkSettings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const settings: LinkSettings = {
    enabled: typeof value.enabled === 'boolean' ? value.enabled : DEFAULT_LINK_SETTINGS.enabled,
    allowPrivate: value.allowPrivate === true,
    timeoutMs: typeof value.timeoutMs === 'number' && value.timeoutMs > 0 ? value.timeoutMs : DEFAULT_LINK_SETTINGS.timeoutMs,
    trusted: value.trusted === true,
  };
  if (typeof value.cacheFile === 'string' && value.cacheFile !== '') settings.cacheFile = value.cacheFile;
  return settings;
}
