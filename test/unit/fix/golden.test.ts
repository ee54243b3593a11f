import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { applyEdits, fixText, verifyFix } from '../../../server/src/core/fix';
import { lintText } from '../../../server/src/core/lint';
import type { Finding, Fix } from '../../../server/src/core/types';
import { fixturePath } from '../helpers';

// Each folder under test/fixtures/fix contains input.json, the hand-written
// expected.json and a case.json that names the fix to apply and how to apply it.
interface GoldenCase {
  /** The rule whose fixes are applied, or every rule when absent. */
  rule?: string;
  /** "bulk" applies the bulk fixes as --fix does. Any other value is the title of one fix, applied alone. */
  fix: string;
  /** The file name the input is linted as. */
  file?: string;
  /** "cli" runs `control-lint --fix` on a copy of the input, and "core" (the default) calls fixText. */
  via?: 'core' | 'cli';
  /** Next free ids per id code, for the renumbering fix. */
  nextFreeId?: Record<string, string>;
  /** The fixes applied, as "rule: title", in order. */
  applied?: string[];
  /** The line `--fix` prints for the file. */
  fixed?: string;
}

const CASES_DIR = fixturePath('fix');
const DEFAULT_FILE = 'EDCA-SEC-901.json';

function readCase(name: string): { spec: GoldenCase; input: string; expected: string } {
  const folder = path.join(CASES_DIR, name);
  return {
    spec: JSON.parse(fs.readFileSync(path.join(folder, 'case.json'), 'utf8')) as GoldenCase,
    input: fs.readFileSync(path.join(folder, 'input.json'), 'utf8'),
    expected: fs.readFileSync(path.join(folder, 'expected.json'), 'utf8'),
  };
}

function linter(spec: GoldenCase): (text: string) => Finding[] {
  const nextFreeId = spec.nextFreeId;
  const options = {
    file: spec.file ?? DEFAULT_FILE,
    config: DEFAULT_CONFIG,
    ...(nextFreeId ? { nextFreeId: (code: string) => nextFreeId[code] } : {}),
  };
  return (text) => lintText(text, options).findings;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function findFix(findings: Finding[], rule: string | undefined, title: string): Fix | undefined {
  for (const finding of findings) {
    if (rule !== undefined && finding.rule !== rule) continue;
    const fix = finding.fixes?.find((candidate) => candidate.title === title);
    if (fix) return fix;
  }
  return undefined;
}

async function runCli(spec: GoldenCase, input: string): Promise<{ text: string; stdout: string; stderr: string }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-fix-golden-'));
  const file = spec.file ?? DEFAULT_FILE;
  try {
    fs.writeFileSync(path.join(folder, file), input);
    let stdout = '';
    let stderr = '';
    const io = { cwd: folder, stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
    await main(['--fix', file], io);
    return { text: fs.readFileSync(path.join(folder, file), 'utf8'), stdout, stderr };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

describe('fix golden files', () => {
  for (const name of fs.readdirSync(CASES_DIR).sort()) {
    if (!fs.statSync(path.join(CASES_DIR, name)).isDirectory()) continue;

    it(name, async () => {
      const { spec, input, expected } = readCase(name);
      assert.doesNotThrow(() => JSON.parse(stripBom(expected)), 'expected.json is not strict JSON');
      assert.notEqual(input, expected, 'a case must change its input');
      const lint = linter(spec);

      if (spec.via === 'cli') {
        const result = await runCli(spec, input);
        assert.equal(result.text, expected);
        assert.equal(result.stderr, '');
        assert.ok(result.stdout.includes(`${spec.fixed}\n`), `stdout lacks "${spec.fixed}":\n${result.stdout}`);
        return;
      }

      if (spec.fix === 'bulk') {
        const accept = (finding: Finding): boolean => spec.rule === undefined || finding.rule === spec.rule;
        const outcome = fixText(input, lint, accept);
        assert.equal(outcome.text, expected);
        assert.deepEqual(outcome.rejected, []);
        if (spec.applied) assert.deepEqual(outcome.applied.map((a) => `${a.rule}: ${a.title}`), spec.applied);
        assert.equal(fixText(outcome.text, lint, accept).text, outcome.text, 'a second run changed the text');
        return;
      }

      const fix = findFix(lint(input), spec.rule, spec.fix);
      assert.ok(fix, `no ${spec.rule ?? ''} fix titled "${spec.fix}"`);
      const fixed = applyEdits(input, fix.edits);
      assert.equal(verifyFix(input, fixed, fix.targets), undefined);
      assert.equal(fixed, expected);
    });
  }
});

describe('fix kept out of bulk', () => {
  // Fixes that an author applies one at a time: fix-all and --fix leave the text as it is.
  const cases: Array<[name: string, rule: string]> = [
    ['id-filename-id', 'id-filename'],
    ['framework-reference-remove', 'framework-reference'],
    ['reference-duplicate-renamed', 'reference-duplicate'],
    ['schema-key-case-twin', 'schema'],
    ['schema-unknown-property', 'schema'],
    ['template-sections', 'template-sections'],
  ];
  for (const [name, rule] of cases) {
    it(`${rule} in ${name}`, () => {
      const { spec, input } = readCase(name);
      const outcome = fixText(input, linter(spec), (finding) => finding.rule === rule);
      assert.equal(outcome.text, input);
      assert.deepEqual(outcome.applied, []);
    });
  }
});
