import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { applyEdits } from '../../../server/src/core/fix';
import { describeLinkResult, type LinkResult, linkFindings, referenceUrls } from '../../../server/src/core/links';
import { parseDocument } from '../../../server/src/core/parse';

const CHECKED_AT = Date.parse('2025-01-01T12:00:00Z');

function result(url: string, fields: Partial<LinkResult>): LinkResult {
  return { url, verdict: 'ok', reason: '200 OK', status: 200, finalUrl: url, redirects: 0, checkedAt: CHECKED_AT, ...fields };
}

const CONTROL = [
  '{',
  '  "id": "EDCA-TLS-101",',
  '  "references": [',
  '    { "name": "Gone", "url": "https://example.org/gone" },',
  '    { "name": "Moved", "url": "https://example.org/old#part" },',
  '    { "name": "Blocked", "url": "https://example.org/blocked" },',
  '    { "name": "Fine", "url": "https://example.org/fine" },',
  '    { "name": "Escaped", "url": "https:\\/\\/example.org\\/esc" }',
  '  ]',
  '}',
].join('\n');

const RESULTS = new Map<string, LinkResult>([
  ['https://example.org/gone', result('https://example.org/gone', { verdict: 'broken', status: 404, reason: '404 Not Found' })],
  [
    'https://example.org/old#part',
    result('https://example.org/old', {
      verdict: 'moved',
      movedTo: 'https://example.org/new',
      finalUrl: 'https://example.org/new',
      redirects: 1,
      reason: '301 Moved Permanently to https://example.org/new',
    }),
  ],
  [
    'https://example.org/blocked',
    result('https://example.org/blocked', { verdict: 'unverified', status: 403, reason: '403 Forbidden, a bot-protection challenge' }),
  ],
  ['https://example.org/fine', result('https://example.org/fine', {})],
  ['https://example.org/esc', result('https://example.org/esc', { verdict: 'broken', status: 410, reason: '410 Gone' })],
]);

describe('referenceUrls', () => {
  it('lists url strings of a control', () => {
    const urls = referenceUrls(parseDocument(CONTROL)).map((reference) => reference.url);
    assert.deepEqual(urls, [
      'https://example.org/gone',
      'https://example.org/old#part',
      'https://example.org/blocked',
      'https://example.org/fine',
      'https://example.org/esc',
    ]);
  });

  it('lists url strings of a catalogue', () => {
    const catalogue = '[{"references": [{"url": "https://a.example/"}]}, 3, {"references": [{"url": 7}, {"url": "https://b.example/"}]}]';
    const urls = referenceUrls(parseDocument(catalogue)).map((reference) => reference.url);
    assert.deepEqual(urls, ['https://a.example/', 'https://b.example/']);
  });
});

describe('linkFindings', () => {
  const doc = parseDocument(CONTROL);
  const findings = linkFindings(doc, RESULTS, { config: DEFAULT_CONFIG });

  it('reports each verdict on the URL range', () => {
    const pinned = findings.map((f) => [f.rule, f.severity, f.range.start.line, f.range.start.character, f.range.end.character]);
    assert.deepEqual(pinned, [
      ['link-broken', 'error', 3, 30, 54],
      ['link-moved', 'warning', 4, 31, 59],
      ['link-unverified', 'info', 5, 33, 60],
      ['link-broken', 'error', 7, 33, 59],
    ]);
    assert.equal(doc.text.slice(findings[0]?.offset, (findings[0]?.offset ?? 0) + (findings[0]?.length ?? 0)), 'https://example.org/gone');
  });

  it('writes the reason into the message', () => {
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'Reference URL is broken: 404 Not Found',
        'Reference URL moved permanently: 301 Moved Permanently to https://example.org/new',
        'Reference URL could not be verified: 403 Forbidden, a bot-protection challenge',
        'Reference URL is broken: 410 Gone',
      ],
    );
  });

  it('offers the new URL with the old fragment', () => {
    const fix = findings[1]?.fixes?.[0];
    assert.ok(fix);
    assert.equal(fix.title, 'Replace the URL with https://example.org/new#part');
    assert.equal(fix.bulk, false);
    assert.equal(fix.preferred, undefined);
    assert.deepEqual(fix.targets, [['references', 1, 'url']]);
    const fixed = applyEdits(CONTROL, fix.edits);
    assert.ok(fixed.includes('{ "name": "Moved", "url": "https://example.org/new#part" },'));
    assert.equal(fixed.length, CONTROL.length - 'old'.length + 'new'.length);
  });

  it('keeps the fragment of the redirect', () => {
    const moved = new Map([['https://example.org/old#part', result('https://example.org/old', { verdict: 'moved', movedTo: 'https://example.org/new#top' })]]);
    const fix = linkFindings(doc, moved, { config: DEFAULT_CONFIG })[0]?.fixes?.[0];
    assert.equal(fix?.edits[0]?.newText, '"https://example.org/new#top"');
  });

  it('escapes the new URL once', () => {
    const url = 'https://example.org/a"b\\c';
    const moved = new Map([['https://example.org/gone', result('https://example.org/gone', { verdict: 'moved', movedTo: url })]]);
    const fix = linkFindings(doc, moved, { config: DEFAULT_CONFIG })[0]?.fixes?.[0];
    assert.equal(fix?.edits[0]?.newText, '"https://example.org/a\\"b\\\\c"');
  });

  it('follows configured severities', () => {
    const config = { ...DEFAULT_CONFIG, rules: { 'link-unverified': 'off' as const, 'link-moved': 'error' as const } };
    const found = linkFindings(doc, RESULTS, { config, overrides: { 'link-broken': 'warning' } });
    assert.deepEqual(
      found.map((f) => [f.rule, f.severity]),
      [
        ['link-broken', 'warning'],
        ['link-moved', 'error'],
        ['link-broken', 'warning'],
      ],
    );
  });
});

describe('describeLinkResult', () => {
  it('describes a moved link', () => {
    const moved = RESULTS.get('https://example.org/old#part') as LinkResult;
    assert.equal(
      describeLinkResult({ ...moved, cached: true }),
      [
        '**Link moved**: 301 Moved Permanently to https://example.org/new',
        'Final URL: <https://example.org/new>',
        'Status: 200 OK',
        'Checked: 2025-01-01T12:00:00Z (cached)',
      ].join('  \n'),
    );
  });

  it('describes a link without a status', () => {
    const timedOut = result('https://example.org/slow', { verdict: 'unverified', reason: 'timed out after 10 s' });
    delete timedOut.status;
    assert.equal(describeLinkResult(timedOut), '**Link not verified**: timed out after 10 s  \nChecked: 2025-01-01T12:00:00Z');
  });
});
