import type { LinkRule } from './rule';

// Reported by the link check in ../links, from the HTTP result of each reference URL.
export const linkUnverified: LinkRule = {
  meta: {
    id: 'link-unverified',
    description: 'The link check could not confirm a reference URL because the server denied automated requests, limited their rate or did not respond in time.',
    severity: 'info',
    fixable: false,
    kind: 'links',
  },
};
