import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeChanges, planRun, type RunPlan, scriptFileText, whatIfRunnerText } from '../../../client/src/run/plan';

const labelled = [
  '# === DIAGNOSTICS ===',
  'Get-OrganizationConfig | Select-Object OAuth2ClientProfileEnabled',
  '',
  '# === REMEDIATION ===',
  '# Set-OrganizationConfig -OAuth2ClientProfileEnabled $true',
  'Set-AuthConfig -Identity <Server>',
  'iisreset /noforce',
].join('\n');

function runnable(result: RunPlan | { refusal: string }): RunPlan {
  assert.ok(!('refusal' in result), `unexpected refusal: ${'refusal' in result ? result.refusal : ''}`);
  return result;
}

describe('planRun check', () => {
  it('runs the diagnostics part only', () => {
    const plan = runnable(planRun(labelled, 'check'));
    assert.equal(plan.script, '# === DIAGNOSTICS ===\nGet-OrganizationConfig | Select-Object OAuth2ClientProfileEnabled\n');
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.analysis.placeholders, []);
  });

  it('rejects a check part with a live change', () => {
    const template = '# === DIAGNOSTICS ===\nGet-X\nSet-X -A 1\nRestart-Service w3svc\n# === REMEDIATION ===\n# Set-Y';
    const result = planRun(template, 'check');
    assert.deepEqual(result, {
      refusal:
        'The check part changes state at line 3 (Set-X), line 4 (Restart-Service), so it cannot run as a read-only check. ' +
        'Move these lines below the "# === REMEDIATION ===" header.',
    });
  });

  it('splits a template without headers before its first change', () => {
    const plan = runnable(planRun('Get-X\n# Fix it\nSet-X -A 1', 'check'));
    assert.equal(plan.script, 'Get-X');
  });

  it('rejects a template without a check part', () => {
    const result = planRun('# Fix it\nSet-X -A 1', 'check');
    assert.deepEqual(result, { refusal: 'The template has no check part: it has no command before its remediation part.' });
  });

  it('asks only for the placeholders of the check part', () => {
    const plan = runnable(planRun('# === DIAGNOSTICS ===\nGet-X <Server>\n# === REMEDIATION ===\n# Set-X <Db>', 'check'));
    assert.deepEqual(plan.analysis.placeholders.map((p) => p.text), ['<Server>']);
  });
});

describe('planRun whatIf and remediation', () => {
  it('runs the whole template', () => {
    assert.equal(runnable(planRun(labelled, 'whatIf')).script, labelled);
    assert.equal(runnable(planRun(labelled, 'remediation')).script, labelled);
  });

  it('lists live changes and external commands', () => {
    const plan = runnable(planRun(labelled, 'whatIf'));
    assert.deepEqual(plan.changes, [
      { line: 5, command: 'Set-AuthConfig', text: 'Set-AuthConfig -Identity <Server>' },
      { line: 6, command: 'iisreset', text: 'iisreset /noforce' },
    ]);
    assert.deepEqual(plan.externalChanges, [{ line: 6, command: 'iisreset', text: 'iisreset /noforce' }]);
  });
});

describe('scriptFileText', () => {
  it('ends the script with a line break', () => {
    assert.equal(scriptFileText('Get-X\nGet-Y'), 'Get-X\nGet-Y\n');
    assert.equal(scriptFileText('Get-X\n'), 'Get-X\n');
  });

  it('keeps a param block first', () => {
    assert.equal(scriptFileText('# Diagnose\nparam(\n  [string]$Domain\n)\nGet-X $Domain'), '# Diagnose\nparam(\n  [string]$Domain\n)\nGet-X $Domain\n');
  });
});

describe('whatIfRunnerText', () => {
  it('sets and restores the global preference', () => {
    assert.equal(
      whatIfRunnerText("/s/it's/0a.ps1"),
      [
        '$controlStudioWhatIf = $global:WhatIfPreference',
        '$global:WhatIfPreference = $true',
        'try {',
        "  & '/s/it''s/0a.ps1'",
        '} finally {',
        '  $global:WhatIfPreference = $controlStudioWhatIf',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('describeChanges', () => {
  it('lists each line once', () => {
    const text = describeChanges([
      { line: 2, command: 'Set-X', text: 'Set-X; Set-Y' },
      { line: 2, command: 'Set-Y', text: 'Set-X; Set-Y' },
      { line: 4, command: 'iisreset', text: 'iisreset' },
    ]);
    assert.equal(text, 'line 3: Set-X; Set-Y\nline 5: iisreset');
  });

  it('cuts long lines and lists', () => {
    const long = { line: 0, command: 'Set-X', text: `Set-X ${'a'.repeat(200)}` };
    const text = describeChanges([long, { ...long, line: 1 }, { ...long, line: 2 }], 2);
    const lines = text.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(lines[0]?.length, 'line 1: '.length + 120);
    assert.ok(lines[0]?.endsWith('…'));
    assert.equal(lines[2], 'and 1 more line');
  });
});
