import type { LinkRule } from './rule';

// Reported by the link check in ../links, from the HTTP result of each reference URL.
export const linkBroken: LinkRule = {
  meta: {
    id: 'link-broken',
    description: 'A reference URL must lead to a page, not to a 404 or 410, an unknown host, a refused connection, a TLS failure or a redirect loop.',
    severity: 'error',
    fixable: false,
    kind: 'links',
  },
};
