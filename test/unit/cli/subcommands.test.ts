import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { analyzeTemplate, liveChangesInCheck } from '../../../server/src/core/template';
import { CORPUS_DIR, REPO_ROOT } from '../helpers';

async function run(args: string[], cwd = REPO_ROOT): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('control-lint script', () => {
  it('prints the check part of an id', async () => {
    const result = await run(['script', 'EDCA-DATA-003', '--part', 'check']);
    assert.equal(result.status, 0);
    assert.equal(
      result.stdout,
      [
        '# === DIAGNOSTICS ===',
        '# Lists the certificates assigned to SMTP on this server with their expiry dates.',
        "Get-ExchangeCertificate -Server $env:COMPUTERNAME | Where-Object { $_.Services -match 'SMTP' } | Select-Object Thumbprint, Subject, NotAfter, Services | Format-List",
        '',
      ].join('\n'),
    );
  });

  it('refuses a check part that changes state', async () => {
    const folder = fs.mkdtempSync(path.join(REPO_ROOT, 'out', 'script-'));
    const control = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-DATA-003.json'), 'utf8')) as { remediation: { scriptTemplate: string } };
    control.remediation.scriptTemplate = '# === DIAGNOSTICS ===\nGet-Service\nRestart-Service MSExchangeIS\n# === REMEDIATION ===\n';
    fs.writeFileSync(path.join(folder, 'EDCA-DATA-003.json'), JSON.stringify(control));
    const result = await run(['script', 'EDCA-DATA-003.json', '--part', 'check'], folder);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'control-lint: EDCA-DATA-003: the check part changes state at line 3 (Restart-Service); it cannot run as a read-only check\n');
    assert.equal(result.stdout, '');
  });

  it('reports an unknown id', async () => {
    const result = await run(['script', 'EDCA-SEC-777']);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'control-lint: EDCA-SEC-777: no control with this id in controls or a controls.json catalogue\n');
  });

  it('lists state-changing lines as JSON', async () => {
    const result = await run(['script', 'EDCA-PERF-016.json', '--json'], CORPUS_DIR);
    const report = JSON.parse(result.stdout) as { stateChanges: Array<{ line: number; command: string; part: string }>; headers: unknown };
    assert.deepEqual(report.headers, { diagnostics: null, remediation: null });
    assert.deepEqual(
      report.stateChanges.map((c) => [c.line, c.command, c.part]),
      [[9, 'Remove-ItemProperty', 'remediation']],
    );
    // The command sits in a loop that opens on line 3, so the check part ends before it.
    assert.deepEqual((JSON.parse(result.stdout) as { parts: unknown }).parts, {
      check: { startLine: 1, endLine: 2 },
      remediation: { startLine: 3, endLine: 19 },
    });
  });
});

describe('control-lint script without a template', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-lint-script-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const cases: Array<[name: string, text: string, stderr: string]> = [
    ['no remediation', '{ "id": "EDCA-SEC-001" }', 'control-lint: control.json: the control has no remediation.scriptTemplate string\n'],
    ['an empty remediation', '{ "id": "EDCA-SEC-001", "remediation": {} }', 'control-lint: control.json: the control has no remediation.scriptTemplate string\n'],
    ['a remediation string', '{ "remediation": "Restart-Service" }', 'control-lint: control.json: the control has no remediation.scriptTemplate string\n'],
    ['an empty object', '{}', 'control-lint: control.json: the control has no remediation.scriptTemplate string\n'],
    ['a null root', 'null', 'control-lint: control.json: no control, because the root of the file is null, not an object or an array of objects\n'],
    ['a number root', '7', 'control-lint: control.json: no control, because the root of the file is an integer, not an object or an array of objects\n'],
    ['no objects in an array', '[null, 1]', 'control-lint: control.json: no control in this catalogue\n'],
    ['text that is not JSON', 'Get-Service', 'control-lint: control.json: no control, because the file is not JSON\n'],
  ];
  for (const [name, text, stderr] of cases) {
    it(`reports ${name}`, async () => {
      fs.writeFileSync(path.join(folder, 'control.json'), text);
      const result = await run(['script', 'control.json'], folder);
      assert.equal(result.stderr, stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.status, 2);
    });
  }
});

describe('control-lint script with an empty part', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-lint-script-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function runOnTemplate(template: string, part: string): Promise<{ status: number; stdout: string; stderr: string }> {
    const control = { id: 'EDCA-SEC-001', remediation: { scriptTemplate: template } };
    fs.writeFileSync(path.join(folder, 'EDCA-SEC-001.json'), JSON.stringify(control));
    return run(['script', 'EDCA-SEC-001.json', '--part', part], folder);
  }

  it('rejects a check part without a command', async () => {
    // Without headers, the remediation part starts at the first state-changing command, here line 1.
    const result = await runOnTemplate('Set-Service -Name W3SVC -StartupType Disabled', 'check');
    assert.equal(result.stderr, 'control-lint: EDCA-SEC-001: the check part is empty: the template has no command before its remediation part, so a check would run nothing\n');
    assert.equal(result.stdout, '');
    assert.equal(result.status, 1);
  });

  it('rejects a check part of comments', async () => {
    const result = await runOnTemplate('# === DIAGNOSTICS ===\n# Nothing to read.\n\n# === REMEDIATION ===\nSet-Service -Name W3SVC -StartupType Disabled', 'check');
    assert.equal(result.stderr, 'control-lint: EDCA-SEC-001: the check part is empty: the template has no command before its remediation part, so a check would run nothing\n');
    assert.equal(result.stdout, '');
    assert.equal(result.status, 1);
  });

  it('notes an empty remediation part', async () => {
    const result = await runOnTemplate('Get-Service -Name W3SVC', 'remediation');
    assert.equal(result.stderr, 'control-lint: EDCA-SEC-001: the remediation part is empty, because the template has neither a REMEDIATION header nor an uncommented state-changing command\n');
    assert.equal(result.stdout, '');
    assert.equal(result.status, 0);
  });

  it('notes an empty template', async () => {
    const result = await runOnTemplate('', 'all');
    assert.equal(result.stderr, 'control-lint: EDCA-SEC-001: the script template is empty\n');
    assert.equal(result.stdout, '');
    assert.equal(result.status, 0);
  });
});

describe('check parts of the corpus', () => {
  it('hold no state-changing command', () => {
    const files = fs.readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.json'));
    assert.equal(files.length, 150);
    for (const name of files) {
      const control = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, name), 'utf8')) as { remediation: { scriptTemplate: string } };
      const live = liveChangesInCheck(analyzeTemplate(control.remediation.scriptTemplate));
      assert.deepEqual(live, [], name);
    }
  });
});

describe('control-lint report', () => {
  it('counts the sample controls', async () => {
    const result = await run(['report', 'controls']);
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.equal(lines[2], '3 controls in 3 files.');
    assert.ok(lines.includes('| Data Security | 0 | 1 | 0 | 0 | 0 | 1 |'));
    assert.ok(lines.includes('| **total** | 0 | 2 | 1 | 0 | 0 | 3 |'));
    assert.ok(lines.includes('None: no control has errors or warnings.'));
  });
});
