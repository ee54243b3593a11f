import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseUrl, type UrlParts } from '../../../server/src/core/rules/reference-urls';

// parseUrl reads common URLs without `new URL`, so each case compares it with
// what `new URL` returns on the Node.js version running the tests.
function fromWhatwg(text: string): UrlParts | undefined {
  try {
    const url = new URL(text);
    return { protocol: url.protocol, hostname: url.hostname };
  } catch {
    return undefined;
  }
}

const ODD_URLS = [
  'https://WWW.CISecurity.org/x',
  'https://cisecurity.org./x',
  'https://cisa.gov..',
  'https://a..b.gov',
  'https://.cisa.gov',
  'HTTPS://bsi.bund.de',
  'hTTp://cisa.gov/x',
  'http://',
  'https://',
  'https:',
  'https:/bsi.bund.de',
  'https:///cisa.gov',
  'https:\\\\bsi.bund.de\\x',
  'https://cisa.gov\\x',
  'https://user:pw@cisa.gov/',
  'https://evil.com@stigviewer.com',
  'https://cisa.gov:443/',
  'https://cisa.gov:/',
  'https://cisa.gov:99999/',
  'https://[::1]/',
  'https://[bad',
  'https://127.0.0.1/',
  'https://0x7f.1/',
  'https://1.2.3.4.5',
  'https://256.1.1.1',
  'https://a.123',
  'https://a.0x',
  'https://1a.b2',
  ' https://cisa.gov ',
  '\thttps://cisa.gov',
  'https://cisa.gov\n',
  'https://ci\tsa.gov',
  'https://ci\nsa.gov/x',
  'https://cisa.gov/a\tb',
  'https://xn--bcher-kva.example/',
  'https://xn--.gov',
  'https://axn--b.gov',
  'https://bücher.example/',
  'https://ｃｉｓａ.gov/',
  'https://cisa。gov/',
  'https://ß.de',
  'https://Ｋ.gov',
  'https://ſ.gov',
  'https://a\u00adb.gov',
  'https://cisa\u200b.gov',
  'https://cisa%2Egov/',
  'https://%63isa.gov',
  'https://-cisa.gov',
  'https://cisa-.gov',
  'https://ci--sa.gov',
  'https://a_b.gov',
  'https://a b.gov/',
  'https://cisa.gov/a b',
  'https://cisa.gov/%zz',
  'https://cisa.gov/\u0000',
  'https://cisa.gov/\uD800',
  'https://cisa.gov?q=1#f',
  'https://cisa.gov#',
  'https://cisa.gov',
  'ftp://cisa.gov/',
  'foo://EXAMPLE.com/',
  'mailto:a@cisa.gov',
  'urn:x',
  'file:///etc/hosts',
  '//cisa.gov/',
  'cisa.gov',
  '',
];

const PLAIN_HOSTS = ['a', 'cisa.gov', 'www.cisecurity.org', 'a-b.c-d', '1.example', 'x1.y2', 'learn.microsoft.com'];
const TAILS = ['', '/', '/x', '?q=1', '#f', '/a b', '/\\', '\\x', ' ', '\t', '\n', ':443/', '.', '..', '@x', '/é', '%41', '/%zz', '/\u0001'];

describe('parseUrl', () => {
  it('reads plain URLs', () => {
    assert.deepEqual(parseUrl('https://learn.microsoft.com/exchange'), { protocol: 'https:', hostname: 'learn.microsoft.com' });
    assert.deepEqual(parseUrl('http://cisa.gov'), { protocol: 'http:', hostname: 'cisa.gov' });
    assert.deepEqual(parseUrl('https://www.bsi.bund.de?__blob=publicationFile'), { protocol: 'https:', hostname: 'www.bsi.bund.de' });
  });

  it('rejects what new URL rejects', () => {
    assert.equal(parseUrl('https://cisa.gov:99999/'), undefined);
    assert.equal(parseUrl('https://'), undefined);
    assert.equal(parseUrl('cisa.gov'), undefined);
  });

  it('matches new URL on odd URLs', () => {
    for (const text of ODD_URLS) assert.deepEqual(parseUrl(text), fromWhatwg(text), JSON.stringify(text));
  });

  it('matches new URL around plain hosts', () => {
    for (const scheme of ['https', 'http', 'HTTPS', 'ftp']) {
      for (const host of PLAIN_HOSTS) {
        for (const first of TAILS) {
          for (const second of TAILS) {
            const text = `${scheme}://${host}${first}${second}`;
            assert.deepEqual(parseUrl(text), fromWhatwg(text), JSON.stringify(text));
          }
        }
      }
    }
  });
});
