import * as path from 'node:path';
import type { Config } from '../core/config';
import type { DocumentKind } from '../core/lint';
import { storeFinding } from '../core/stored';
import type { Finding } from '../core/types';
import { checkLinks, defaultLinkCacheFile, LinkCache, type LinkProgress, linkFindings, linkUserAgent, referenceUrls } from '../core/links';
import { parseDocument } from '../core/parse';
import type { SeveritySetting } from '../core/types';

/** The options of `control-lint` that shape the link check. */
export interface LinkFlags {
  links?: boolean;
  linksCache?: string;
  linksTimeout?: number;
  linksAllowPrivate?: boolean;
}

export interface LinkPassContext {
  config: Config;
  overrides?: Readonly<Record<string, SeveritySetting>>;
  cwd: string;
  version: string;
  stderr: (text: string) => void;
  /** True when stderr is a terminal; a progress line is shown then. */
  stderrIsTTY: boolean;
}

/**
 * Checks the reference URLs of the linted files over HTTP and adds the
 * link-broken, link-moved and link-unverified findings to their results.
 * `texts` maps each file to the text its result was linted from.
 */
export async function addLinkFindings(
  results: ReadonlyArray<{ file: string; kind: DocumentKind; addFindings(findings: readonly Finding[]): void }>,
  texts: ReadonlyMap<string, string>,
  flags: LinkFlags,
  context: LinkPassContext,
): Promise<void> {
  const documents = results
    .filter((result) => result.kind !== 'unknown')
    .map((result) => ({ result, doc: parseDocument(texts.get(result.file) ?? '') }));
  const urls = documents.flatMap(({ doc }) => referenceUrls(doc).map((reference) => reference.url));
  const cacheFile = path.resolve(context.cwd, flags.linksCache ?? defaultLinkCacheFile());
  const cache = await LinkCache.open(cacheFile);
  if (cache.loadProblem) context.stderr(`control-lint: ${cacheFile}: ${cache.loadProblem}; checking every link again.\n`);

  const onProgress = context.stderrIsTTY ? (step: LinkProgress) => context.stderr(`\rChecking links: ${step.done}/${step.total}`) : undefined;
  const linkResults = await checkLinks(
    urls,
    {
      cache,
      allowPrivate: flags.linksAllowPrivate === true,
      userAgent: linkUserAgent(context.version, 'control-lint'),
      ...(flags.linksTimeout === undefined ? {} : { timeoutMs: flags.linksTimeout }),
    },
    onProgress,
  );
  // Clears the progress line.
  if (onProgress && linkResults.size > 0) context.stderr('\r\u001b[K');
  await saveCache(cache, cacheFile, context);

  const options = { config: context.config, ...(context.overrides ? { overrides: context.overrides } : {}) };
  for (const { result, doc } of documents) {
    const found = linkFindings(doc, linkResults, options);
    // Copies keep no part of the texts, which are released after the run.
    if (found.length > 0) result.addFindings(found.map(storeFinding));
  }
}

// A cache that cannot be written costs time on the next run, not results, so it is only reported.
async function saveCache(cache: LinkCache, file: string, context: LinkPassContext): Promise<void> {
  try {
    await cache.save(Date.now());
  } catch (error) {
    context.stderr(`control-lint: writing the link cache ${file} failed: ${(error as Error).message}\n`);
  }
}
