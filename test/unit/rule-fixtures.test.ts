import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { type FileResult, lintSet, lintText } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import { fixturePath, type Pinned, pin, readFixture } from './helpers';

// Each case is a folder under test/fixtures/rules/<rule-id>/ that contains one
// or more control files (a catalogue is one file with a root array). Beside each
// <name>.json, <name>.expected.json lists every finding the file must get, in
// report order, as [rule, startLine, startCharacter, endLine, endCharacter]
// (0-based, UTF-16 code units), optionally followed by the exact message.
// The files of a case are linted as one set, so cross-file rules see them all.

type Expected = [...Pinned, string?];

interface CaseFile {
  name: string;
  text: string;
  expected: Expected[];
}

const RULES_DIR = fixturePath('rules');
const EXPECTED_SUFFIX = '.expected.json';

function listFolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readCase(dir: string): CaseFile[] {
  const names = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith(EXPECTED_SUFFIX))
    .sort();
  return names.map((name) => {
    const expectedName = name.replace(/\.json$/, EXPECTED_SUFFIX);
    return {
      name,
      text: fs.readFileSync(path.join(dir, name), 'utf8'),
      expected: JSON.parse(fs.readFileSync(path.join(dir, expectedName), 'utf8')) as Expected[],
    };
  });
}

function lintCase(files: readonly CaseFile[]): FileResult[] {
  const results = files.map((file) => lintText(file.text, { file: file.name, config: DEFAULT_CONFIG }));
  lintSet(results, DEFAULT_CONFIG);
  return results;
}

// Lists the findings missing from the output and the unexpected ones, each with its message.
function describeDifference(file: string, result: FileResult, expected: readonly Expected[]): string {
  const pins = pin(result);
  const unexpected = result.findings.map((finding, index) => ({ key: JSON.stringify(pins[index]), message: finding.message }));
  const missing: string[] = [];
  for (const entry of expected) {
    const key = JSON.stringify(entry.slice(0, 5));
    const index = unexpected.findIndex((candidate) => candidate.key === key);
    if (index >= 0) unexpected.splice(index, 1);
    else missing.push(`  missing:    ${key}`);
  }
  const extra = unexpected.map((finding) => `  unexpected: ${finding.key} ${finding.message}`);
  const order = missing.length === 0 && extra.length === 0 ? ['  same findings in another order'] : [];
  return [`${file}: findings differ from ${file.replace(/\.json$/, EXPECTED_SUFFIX)}`, ...missing, ...extra, ...order].join('\n');
}

function casesOf(rule: string): Array<{ name: string; files: CaseFile[] }> {
  const dir = path.join(RULES_DIR, rule);
  if (!fs.existsSync(dir)) return [];
  return listFolders(dir).map((name) => ({ name, files: readCase(path.join(dir, name)) }));
}

describe('rule fixtures', () => {
  it('base control has no findings', () => {
    const result = lintText(readFixture('base', 'EDCA-TLS-101.json'), { file: 'EDCA-TLS-101.json', config: DEFAULT_CONFIG });
    lintSet([result], DEFAULT_CONFIG);
    assert.deepEqual(pin(result), []);
  });

  it('folders name registered rules', () => {
    const known = RULES.map((rule) => rule.meta.id);
    for (const folder of listFolders(RULES_DIR)) assert.ok(known.includes(folder), `test/fixtures/rules/${folder} names no rule`);
  });

  // The link rules report HTTP results, so their tests in test/unit/links run a local server.
  for (const rule of RULES.filter((entry) => entry.meta.kind !== 'links').map((entry) => entry.meta.id)) {
    describe(rule, () => {
      const cases = casesOf(rule);
      const expectsRule = (file: CaseFile): boolean => file.expected.some((entry) => entry[0] === rule);
      const pinsMessage = (file: CaseFile): boolean =>
        file.expected.some((entry) => entry[0] === rule && entry[5] !== undefined);

      it('has positive and clean cases', () => {
        assert.ok(cases.some((fixture) => fixture.files.some(expectsRule)), `no case of ${rule} expects a ${rule} finding`);
        const clean = cases.some((fixture) => fixture.files.every((file) => file.expected.length === 0));
        assert.ok(clean, `no case of ${rule} expects a control without findings`);
      });

      it('pins at least one message', () => {
        assert.ok(cases.some((fixture) => fixture.files.some(pinsMessage)), `no case of ${rule} pins a ${rule} message`);
      });

      for (const { name, files } of cases) {
        it(name, () => {
          const results = lintCase(files);
          files.forEach((file, index) => {
            const result = results[index] as FileResult;
            const expectedPins = file.expected.map((entry) => entry.slice(0, 5));
            assert.deepEqual(pin(result), expectedPins, describeDifference(file.name, result, file.expected));
            file.expected.forEach((entry, position) => {
              if (entry[5] === undefined) return;
              assert.equal(result.findings[position]?.message, entry[5], `${file.name}: message of finding ${position}`);
            });
          });
        });
      }
    });
  }
});
