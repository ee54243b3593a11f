import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { IncrementalLinter } from '../../../server/src/core/incremental';
import { type FileResult, type LintOptions, lintElement, lintText } from '../../../server/src/core/lint';
import { parseDocument } from '../../../server/src/core/parse';
import { RULES, SYNTAX_RULES } from '../../../server/src/core/rules';
import { CORPUS_DIR, fixturePath } from '../helpers';

interface Input {
  file: string;
  text: string;
}

function corpusInputs(): Input[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, text: fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8') }));
}

/** Lists the control files under test/fixtures/rules, one per rule case file. */
function ruleFixtureInputs(): Input[] {
  const root = fixturePath('rules');
  const names = fs.readdirSync(root, { recursive: true, encoding: 'utf8' });
  return names
    .filter((name) => name.endsWith('.json') && !name.endsWith('.expected.json'))
    .sort()
    .map((name) => ({ file: path.basename(name), text: fs.readFileSync(path.join(root, name), 'utf8') }));
}

function withoutFixes<T extends { fixes?: unknown }>(findings: readonly T[]): Array<Omit<T, 'fixes'>> {
  return findings.map(({ fixes: _fixes, ...rest }) => rest);
}

/** Reads the id-category fixture whose id code names another category, so the rule offers to renumber the id. */
function idCategoryInput(): Input {
  const file = 'EDCA-SEC-101.json';
  return { file, text: fs.readFileSync(fixturePath('rules', 'id-category', 'code-of-other-category', file), 'utf8') };
}

/** Asserts that fixes:false gives the fixes:true findings less their fixes, and returns the fixes:true result. */
function assertSameFindings(input: Input, extra: Partial<LintOptions> = {}): FileResult {
  const options: LintOptions = { file: input.file, config: DEFAULT_CONFIG, ...extra };
  const full = lintText(input.text, options);
  const bare = lintText(input.text, { ...options, fixes: false });
  assert.deepEqual(bare.findings, withoutFixes(full.findings), `${input.file}: findings differ`);
  assert.deepEqual(bare.controls, full.controls, `${input.file}: control summaries differ`);
  assert.equal(bare.kind, full.kind, `${input.file}: document kind differs`);
  for (const finding of bare.findings) assert.equal('fixes' in finding, false, `${input.file}: ${finding.rule} carries fixes`);
  return full;
}

describe('lintText with fixes: false', () => {
  it('matches fixes: true on the corpus', () => {
    const inputs = corpusInputs();
    assert.ok(inputs.length >= 150);
    const withFixes = inputs.map((input) => assertSameFindings(input)).flatMap((result) => result.findings);
    // The comparison means something only if fixes: true does build fixes here.
    const fixed = withFixes.filter((finding) => finding.fixes !== undefined);
    assert.equal(fixed.length, 195);
  });

  it('matches fixes: true on rule fixtures', () => {
    const rulesWithFixes = new Set<string>();
    for (const input of ruleFixtureInputs()) {
      const full = assertSameFindings(input, { nextFreeId: (code) => `EDCA-${code}-900` });
      for (const finding of full.findings) if (finding.fixes) rulesWithFixes.add(finding.rule);
    }
    // The link check, not lintText, reports the link rules.
    const fixable = RULES.filter((rule) => rule.meta.fixable && rule.meta.kind !== 'links').map((rule) => rule.meta.id);
    assert.deepEqual([...rulesWithFixes].sort(), [...fixable].sort());
  });

  it('defaults to fixes', () => {
    const input = corpusInputs().find((entry) => entry.file === 'EDCA-DATA-007.json') as Input;
    const implicit = lintText(input.text, { file: input.file, config: DEFAULT_CONFIG });
    const explicit = lintText(input.text, { file: input.file, config: DEFAULT_CONFIG, fixes: true });
    assert.deepEqual(implicit, explicit);
    assert.ok(implicit.findings.some((finding) => finding.fixes !== undefined));
  });

  it('never asks for the next free id', () => {
    // Only the fix that renumbers an id calls nextFreeId, so the call shows a fix being built.
    const input = idCategoryInput();
    const calls: string[] = [];
    const nextFreeId = (code: string): string => {
      calls.push(code);
      return `EDCA-${code}-900`;
    };
    const bare = lintText(input.text, { file: input.file, config: DEFAULT_CONFIG, nextFreeId, fixes: false });
    assert.ok(bare.findings.some((finding) => finding.rule === 'id-category'));
    assert.deepEqual(calls, []);
    lintText(input.text, { file: input.file, config: DEFAULT_CONFIG, nextFreeId });
    assert.deepEqual(calls, ['TLS']);
  });

  it('marks no element as using the workspace', () => {
    const input = idCategoryInput();
    const nextFreeId = (code: string): string => `EDCA-${code}-900`;
    const bare = lintElement(input.text, { file: 'controls.json', config: DEFAULT_CONFIG, nextFreeId, fixes: false });
    const full = lintElement(input.text, { file: 'controls.json', config: DEFAULT_CONFIG, nextFreeId });
    assert.equal(bare?.usesWorkspace, false);
    assert.equal(full?.usesWorkspace, true);
  });
});

describe('syntax rules without fixes', () => {
  const text = '{\n  // note\n  "id": "A",\u00a0"id": "B",\n  "x": [1,],\n}\n';

  for (const rule of SYNTAX_RULES) {
    it(rule.meta.id, () => {
      const doc = parseDocument(text);
      const full = rule.check(doc, true);
      const bare = rule.check(doc, false);
      assert.deepEqual(bare, withoutFixes(full));
      for (const finding of bare) assert.equal('fixes' in finding, false);
      if (rule.meta.fixable) assert.ok(full.some((finding) => finding.fixes !== undefined), `${rule.meta.id} built no fix`);
    });
  }
});

describe('IncrementalLinter and fixes', () => {
  it('relints when fixes changes', () => {
    const controls = corpusInputs()
      .filter((input) => input.file.startsWith('EDCA-'))
      .slice(0, 4)
      .map((input) => JSON.parse(input.text) as unknown);
    const text = `${JSON.stringify(controls, null, 2)}\n`;
    const linter = new IncrementalLinter();
    const full = linter.lint(text, { file: 'controls.json', config: DEFAULT_CONFIG });
    const bare = linter.lint(text, { file: 'controls.json', config: DEFAULT_CONFIG, fixes: false });
    const again = linter.lint(text, { file: 'controls.json', config: DEFAULT_CONFIG });
    assert.ok(full.findings.some((finding) => finding.fixes !== undefined));
    assert.deepEqual(bare.findings, withoutFixes(full.findings));
    assert.deepEqual(again, full);
  });
});
