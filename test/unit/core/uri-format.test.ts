import { fullFormats } from 'ajv-formats/dist/formats';
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUri } from '../../../server/src/core/schema';

// isUri accepts common URLs with a short expression before ajv-formats' full
// RFC 3986 check, so each case compares it with that check.
const isRfc3986Uri = fullFormats.uri as (text: string) => boolean;

const CASES = [
  'https://learn.microsoft.com/exchange/plan-and-deploy',
  'https://www.bsi.bund.de/x.pdf?__blob=publicationFile',
  'http://cisa.gov',
  'HTTPS://CISA.GOV/A',
  'https://cisa.gov/a%20b',
  'https://cisa.gov/a%zz',
  'https://cisa.gov/a b',
  'https://cisa.gov:443/x',
  'https://cisa.gov:x/',
  'https://user@cisa.gov/',
  'https://[::1]/',
  'https://[bad/',
  'https://cisa.gov/#a#b',
  'https://cisa.gov/?a?b#c/d',
  'https://cisa.gov/[x]',
  'https://cisa.gov/é',
  'https://cisa.gov/\\',
  'https://',
  'https:',
  'https://..',
  'https://-',
  'https://a_b.gov/',
  "https://a.gov/!$&'()*+,;=:@~._-",
  'ftp://cisa.gov/',
  'mailto:a@cisa.gov',
  'urn:isbn:123',
  'cisa.gov',
  '//cisa.gov',
  '/relative/path',
  '',
];

const TAILS = ['', '/', '/x', '?q', '#f', '%41', '%4', ' ', '[', '"', '<', '|', '^', '`', '{', '\\', 'é', ':80', '@', '//'];

describe('isUri', () => {
  it('accepts common reference URLs', () => {
    assert.equal(isUri('https://learn.microsoft.com/exchange'), true);
    assert.equal(isUri('https://www.cisecurity.org/benchmark/microsoft_exchange_server'), true);
  });

  it('rejects what ajv-formats rejects', () => {
    assert.equal(isUri('https://cisa.gov/a b'), false);
    assert.equal(isUri('cisa.gov'), false);
  });

  it('matches ajv-formats on listed cases', () => {
    for (const text of CASES) assert.equal(isUri(text), isRfc3986Uri(text), JSON.stringify(text));
  });

  it('matches ajv-formats around plain URLs', () => {
    for (const scheme of ['https://', 'http://', 'HTTP://', 'ftp://']) {
      for (const host of ['a', 'cisa.gov', 'x-y.z', '1.2.3.4', '']) {
        for (const first of TAILS) {
          for (const second of TAILS) {
            const text = `${scheme}${host}${first}${second}`;
            assert.equal(isUri(text), isRfc3986Uri(text), JSON.stringify(text));
          }
        }
      }
    }
  });
});
