import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import controlSchema from '../../schemas/control.schema.json';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { type FileResult, lintSet, lintText } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import { CORPUS_DIR, pin } from './helpers';

// The 150 published EDCA controls, linted as one set. Each count below was
// reviewed finding by finding against the authoring rules of the format, so a
// change in a count is a change in what the linter reports on real data.
const EXPECTED_COUNTS: Readonly<Record<string, number>> = {
  'json-syntax': 0,
  'no-comments': 0,
  'no-trailing-commas': 0,
  'json-whitespace': 0,
  'duplicate-key': 0,
  schema: 1,
  'severity-weight': 30,
  'id-category': 0,
  'id-filename': 0,
  'title-period': 0,
  'framework-reference': 12,
  'reference-https': 0,
  'reference-duplicate': 16,
  'discouraged-words': 9,
  'modal-verbs': 0,
  'requirement-keyword': 12,
  'remediation-prose-code': 36,
  'automatable-manual': 1,
  'template-sections': 136,
  'template-live-remediation': 132,
  'id-duplicate': 0,
  'unknown-control-reference': 1,
  'link-broken': 0,
  'link-moved': 0,
  'link-unverified': 0,
};

const LONG_TITLE_FILE = 'EDCA-IAC-018.json';

function corpusFiles(): string[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((name) => /^EDCA-[A-Z]+-\d{3}\.json$/.test(name))
    .sort();
}

function readControl(file: string): string {
  return fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8');
}

describe('corpus', () => {
  const files = corpusFiles();
  let results: FileResult[] = [];

  before(() => {
    results = files.map((file) => lintText(readControl(file), { file, config: DEFAULT_CONFIG }));
    lintSet(results, DEFAULT_CONFIG);
  });

  it('has 150 controls', () => {
    assert.equal(files.length, 150);
  });

  it('pins findings per rule', () => {
    const counts: Record<string, number> = Object.fromEntries(RULES.map((rule) => [rule.meta.id, 0]));
    for (const finding of results.flatMap((result) => result.findings)) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
    assert.deepEqual(counts, EXPECTED_COUNTS);
  });

  it('has one schema finding', () => {
    const schemaFindings = results.flatMap((result) =>
      result.findings.filter((finding) => finding.rule === 'schema').map((finding) => ({ file: result.file, finding })),
    );
    assert.equal(schemaFindings.length, 1);
    const [only] = schemaFindings;
    assert.equal(only?.file, LONG_TITLE_FILE);
    assert.equal(only?.finding.message, 'title must be at most 80 characters; found 83');
  });

  it('places the long title finding', () => {
    // Line 2 is `  "title": "…"`: the string starts at 11 and is 83 characters plus two quotes.
    const result = results.find((entry) => entry.file === LONG_TITLE_FILE) as FileResult;
    const schemaPins = pin(result).filter((entry) => entry[0] === 'schema');
    assert.deepEqual(schemaPins, [['schema', 2, 11, 2, 96]]);
  });
});

describe('corpus schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addVocabulary(['markdownDescription', 'enumDescriptions']);
  addFormats(ajv, ['uri']);
  const validate = ajv.compile(controlSchema);

  it('accepts all but the long title', () => {
    const invalid = corpusFiles().filter((file) => !validate(JSON.parse(readControl(file))));
    assert.deepEqual(invalid, [LONG_TITLE_FILE]);
  });

  it('accepts the title cut to 80', () => {
    const control = JSON.parse(readControl(LONG_TITLE_FILE)) as { title: string };
    assert.equal(control.title.length, 83);
    control.title = control.title.slice(0, 80);
    assert.equal(validate(control), true, ajv.errorsText(validate.errors));
  });
});
