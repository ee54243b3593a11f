// The reference link checker: `checkLinks` checks URLs over HTTP; `linkFindings`
// turns its results into findings on a parsed document.

export { DEFAULT_LINK_CACHE_TTL, defaultLinkCacheFile, LinkCache, type LinkCacheTtl } from './cache';
export { checkLinks, DEFAULT_SHORT_LINK_HOSTS, DEFAULT_USER_AGENT, type LinkCheckOptions, linkUserAgent } from './check';
export { describeLinkResult, type LinkFindingOptions, linkFindings, type ReferenceUrl, referenceUrls } from './findings';
export type { AllowPrivate } from './guard';
export { normalizeUrl } from './normalize';
export type { LinkProgress, LinkResult, LinkVerdict, Lookup, ResolvedAddress, Sleep } from './types';
