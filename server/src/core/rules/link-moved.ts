import type { LinkRule } from './rule';

// Reported by the link check in ../links, from the HTTP result of each reference URL.
export const linkMoved: LinkRule = {
  meta: {
    id: 'link-moved',
    description: 'A reference URL that redirects permanently (301 or 308) should be replaced by the URL it moved to.',
    severity: 'warning',
    fixable: true,
    kind: 'links',
  },
};
