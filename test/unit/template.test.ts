import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeScript, analyzeTemplate, type StateChange } from '../../server/src/core/template';
import { CORPUS_DIR } from './helpers';

// Offsets are UTF-16 offsets in the decoded script, counted by hand: a line
// starts one past the line feed that ends the line before it.

function script(...lines: string[]): string {
  return lines.join('\n');
}

function corpusTemplate(file: string): string {
  const control = JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, file), 'utf8')) as { remediation: { scriptTemplate: string } };
  return control.remediation.scriptTemplate;
}

function commands(changes: readonly StateChange[]): Array<[number, string, boolean]> {
  return changes.map((change) => [change.line, change.command, change.commented]);
}

describe('template headers', () => {
  it('finds labelled headers', () => {
    // Line starts: 0, 22, 28, 29 and 51. "Set-X" is at column 2 of line 4.
    const analysis = analyzeTemplate(script('# === DIAGNOSTICS ===', 'Get-X', '', '# === REMEDIATION ===', '# Set-X -A 1'));
    assert.deepEqual(analysis.diagnosticsHeader, { line: 0, style: 'labelled' });
    assert.deepEqual(analysis.remediationHeader, { line: 3, style: 'labelled' });
    assert.equal(analysis.remediationStart, 3);
    assert.deepEqual(analysis.stateChanges, [{ line: 4, offset: 53, length: 5, command: 'Set-X', commented: true }]);
  });

  it('prefers labelled over loose headers', () => {
    const analysis = analyzeTemplate(script('# Check the value', 'Get-X', '# === DIAGNOSTICS ===', 'Get-Y', '# Fix', '# === REMEDIATION ===', '# Set-X'));
    assert.deepEqual(analysis.diagnosticsHeader, { line: 2, style: 'labelled' });
    assert.deepEqual(analysis.remediationHeader, { line: 5, style: 'labelled' });
  });

  it('accepts label case and indentation', () => {
    const analysis = analyzeTemplate(script('#=== diagnostics ===', 'Get-X', '  # === Remediation — both modes ===', '# Set-X'));
    assert.deepEqual(analysis.diagnosticsHeader, { line: 0, style: 'labelled' });
    assert.deepEqual(analysis.remediationHeader, { line: 2, style: 'labelled' });
  });

  const looseDiagnostics = ['# Diagnose: list the connectors', '# Diagnostics', '# Check the TLS setting', '    # Diagnose: show banners'];
  for (const header of looseDiagnostics) {
    it(`reads "${header.trim()}" as diagnostics`, () => {
      const analysis = analyzeTemplate(script(header, 'Get-X'));
      assert.deepEqual(analysis.diagnosticsHeader, { line: 0, style: 'loose' });
      assert.equal(analysis.remediationHeader, undefined);
    });
  }

  const looseRemediation = [
    '# Remediate: require TLS',
    '# Remediation',
    '# Fix',
    '# Fix: require TLS',
    '# Set RequireTLS on each connector',
    '# To fix:',
    '# To remediate (requires Domain Admin):',
    '# To enable POP3:',
    '# To disable IMAP4:',
  ];
  for (const header of looseRemediation) {
    it(`reads "${header}" as remediation`, () => {
      const analysis = analyzeTemplate(script('Get-X', header, '# Set-X'));
      assert.deepEqual(analysis.remediationHeader, { line: 1, style: 'loose' });
      assert.equal(analysis.remediationStart, 1);
    });
  }

  const notHeaders = ['# Set-ReceiveConnector -RequireTLS $true', '# Fixed-size page file', '# Checking the value', '# Settings below', '# Check-up list', '# To set the banner:'];
  for (const line of notHeaders) {
    it(`reads "${line}" as no header`, () => {
      const analysis = analyzeTemplate(script('Get-X', line));
      assert.equal(analysis.diagnosticsHeader, undefined);
      assert.equal(analysis.remediationHeader, undefined);
    });
  }

  it('ignores remediation before diagnostics', () => {
    const analysis = analyzeTemplate(script('# Fix later', '# Check', 'Get-X'));
    assert.deepEqual(analysis.diagnosticsHeader, { line: 1, style: 'loose' });
    assert.equal(analysis.remediationHeader, undefined);
  });
});

describe('template without headers', () => {
  it('ends diagnostics at first change', () => {
    // Line starts: 0, 6, 13, 14, 28 and 48. The two comment lines above "Set-X" belong to the remediation part.
    const analysis = analyzeTemplate(script('Get-X', '$a = 1', '', '# Require TLS', '# on each connector', 'Set-X -A 1', 'Get-Y'));
    assert.equal(analysis.remediationStart, 3);
    assert.deepEqual(analysis.stateChanges, [{ line: 5, offset: 48, length: 5, command: 'Set-X', commented: false }]);
  });

  it('stops comments at a blank line', () => {
    const analysis = analyzeTemplate(script('Get-X', '# explain', '', 'Set-X'));
    assert.equal(analysis.remediationStart, 3);
  });

  it('starts remediation at line 0', () => {
    const analysis = analyzeTemplate(script('# Disable NDRs to remote domains.', 'Get-RemoteDomain | Set-RemoteDomain -NDREnabled $false'));
    assert.equal(analysis.remediationStart, 0);
  });

  it('ignores commented changes', () => {
    const analysis = analyzeTemplate(script('Get-X', '# Set-X'));
    assert.equal(analysis.remediationStart, 2);
  });

  it('has no remediation part', () => {
    const analysis = analyzeTemplate(script('Get-X', 'Get-Y'));
    assert.equal(analysis.remediationStart, 2);
    assert.deepEqual(analysis.stateChanges, []);
  });
});

describe('template state changes', () => {
  it('separates commented from live', () => {
    // Line starts: 0, 6, 16, 19, 25 and 28. "Set-B" is at column 4 and "Set-E" at column 8.
    const analysis = analyzeTemplate(script('Set-A', '  # Set-B', '<#', 'Set-C', '#>', 'Get-D | Set-E'));
    assert.deepEqual(analysis.stateChanges, [
      { line: 0, offset: 0, length: 5, command: 'Set-A', commented: false },
      { line: 1, offset: 10, length: 5, command: 'Set-B', commented: true },
      { line: 3, offset: 19, length: 5, command: 'Set-C', commented: true },
      { line: 5, offset: 36, length: 5, command: 'Set-E', commented: false },
    ]);
  });

  it('skips strings and session cmdlets', () => {
    // Line starts: 0, 19, 46, 65, 95, 125, 148 and 182.
    const analysis = analyzeTemplate(
      script(
        "Write-Host 'Set-A'",
        'Write-Host "Run Set-B now"',
        'Get-C # then Set-D',
        '$o = New-Object System.Object',
        'Set-Variable -Name a -Value 1',
        'Start-Sleep -Seconds 1',
        'Add-Type -AssemblyName System.Web',
        'New-Item -Path HKLM:\\X -Force',
      ),
    );
    assert.deepEqual(analysis.stateChanges, [{ line: 7, offset: 182, length: 8, command: 'New-Item', commented: false }]);
  });

  it('finds each change on a line', () => {
    const analysis = analyzeTemplate('Set-Service -Name A -StartupType Disabled; Stop-Service -Name A; Get-Service A');
    assert.deepEqual(commands(analysis.stateChanges), [
      [0, 'Set-Service', false],
      [0, 'Stop-Service', false],
    ]);
    assert.equal(analysis.stateChanges[1]?.offset, 43);
  });

  it('finds external commands', () => {
    // Line starts: 0, 18, 51, 76, 126, 152, 184, 203, 254, 280, 311 and 326.
    const analysis = analyzeTemplate(
      script(
        'iisreset /noforce',
        'netsh winhttp set proxy proxy:80',
        'netsh winhttp show proxy',
        'reg add HKLM\\SOFTWARE\\X /v Y /t REG_DWORD /d 1 /f',
        'reg query HKLM\\SOFTWARE\\X',
        'sc.exe config W3SVC start= auto',
        'sc.exe query W3SVC',
        'auditpol /set /subcategory:"Logon" /success:enable',
        'auditpol /get /category:*',
        'powercfg /setactive SCHEME_MIN',
        'powercfg /list',
        '.\\Setup.exe /PrepareDomain /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF',
      ),
    );
    const found = analysis.stateChanges.map((change) => [change.line, change.offset, change.command]);
    assert.deepEqual(found, [
      [0, 0, 'iisreset'],
      [1, 18, 'netsh'],
      [3, 76, 'reg'],
      [5, 152, 'sc.exe'],
      [7, 203, 'auditpol'],
      [9, 280, 'powercfg'],
      [11, 328, 'Setup.exe'],
    ]);
  });

  it('keeps offsets across CRLF', () => {
    // "# Check\r\n" and "Get-X\r\n" and "# Fix\r\n" put "Set-X" at 23.
    const analysis = analyzeTemplate('# Check\r\nGet-X\r\n# Fix\r\nSet-X');
    assert.deepEqual(analysis.lines.map((line) => [line.start, line.text]), [
      [0, '# Check'],
      [9, 'Get-X'],
      [16, '# Fix'],
      [23, 'Set-X'],
    ]);
    assert.deepEqual(analysis.stateChanges, [{ line: 3, offset: 23, length: 5, command: 'Set-X', commented: false }]);
  });
});

describe('template placeholders', () => {
  it('finds angle and quoted values', () => {
    // Line starts: 0, 38, 108 and 163. Line 2 is a comment, so it has no placeholders.
    const analysis = analyzeTemplate(
      script(
        'Get-ExchangeServer -Identity <Server>',
        "Set-MailboxDatabase -Identity 'DatabaseName' -IssueWarningQuota 1.9GB",
        "# Set-AuthServer -Identity 'MyADFSServer' <ServerName>",
        'New-AuthServer -Name "MyADFSServer" -AuthMetadataUrl \'https://<adfs-fqdn>/x\' -Domain <domain>',
      ),
    );
    assert.deepEqual(analysis.placeholders, [
      { line: 0, offset: 29, length: 8, text: '<Server>' },
      { line: 1, offset: 68, length: 14, text: "'DatabaseName'" },
      { line: 3, offset: 184, length: 14, text: '"MyADFSServer"' },
      { line: 3, offset: 225, length: 11, text: '<adfs-fqdn>' },
      { line: 3, offset: 248, length: 8, text: '<domain>' },
    ]);
  });

  it('takes configured values', () => {
    const analysis = analyzeTemplate("Get-Mailbox 'DatabaseName' 'Contoso'", { placeholderValues: ['Contoso'] });
    assert.deepEqual(analysis.placeholders.map((placeholder) => placeholder.text), ["'Contoso'"]);
  });
});

describe('template notes', () => {
  it('finds upper-case NOTE lines', () => {
    const analysis = analyzeTemplate(script('# NOTE: manual step', 'Get-X', '# Note: lower case', '    # NOTE: indented'));
    assert.deepEqual(analysis.notes, [0, 3]);
  });
});

describe('template corpus cases', () => {
  it('flags live powercfg', () => {
    const analysis = analyzeTemplate(corpusTemplate('EDCA-PERF-002.json'));
    assert.deepEqual(analysis.stateChanges, [{ line: 0, offset: 0, length: 8, command: 'powercfg', commented: false }]);
  });

  it('reads commented setup runs', () => {
    const analysis = analyzeTemplate(corpusTemplate('EDCA-IAC-028.json'));
    assert.deepEqual(commands(analysis.stateChanges), [
      [41, 'Setup.exe', true],
      [43, 'Setup.exe', true],
    ]);
    assert.deepEqual(analysis.remediationHeader, { line: 40, style: 'loose' });
  });

  it('reads loose headers in GOV-012', () => {
    const analysis = analyzeTemplate(corpusTemplate('EDCA-GOV-012.json'));
    assert.deepEqual(analysis.diagnosticsHeader, { line: 3, style: 'loose' });
    assert.deepEqual(analysis.remediationHeader, { line: 6, style: 'loose' });
    assert.deepEqual(commands(analysis.stateChanges), [
      [7, 'Set-Service', true],
      [8, 'Set-Service', true],
      [9, 'Stop-Service', true],
      [12, 'Set-Service', true],
      [13, 'Set-Service', true],
      [14, 'Stop-Service', true],
    ]);
  });

  it('infers remediation in IAC-009', () => {
    const analysis = analyzeTemplate(corpusTemplate('EDCA-IAC-009.json'));
    assert.deepEqual(analysis.diagnosticsHeader, { line: 0, style: 'loose' });
    assert.equal(analysis.remediationHeader, undefined);
    // The first command sits in the if block that opens on line 20.
    assert.equal(analysis.remediationStart, 20);
    assert.deepEqual(commands(analysis.stateChanges), [
      [22, 'Set-AuthenticationPolicy', false],
      [25, 'New-AuthenticationPolicy', false],
      [26, 'Set-OrganizationConfig', false],
    ]);
  });
});

describe('here-strings', () => {
  it('hold text, not commands', () => {
    const analysis = analyzeTemplate("$body = @\"\nSet-Mailbox is only text\n\"@\n$other = @'\nRestart-Service here too\n'@\nSet-Foo -X 1");
    assert.deepEqual(
      analysis.stateChanges.map((change) => [change.line, change.command]),
      [[6, 'Set-Foo']],
    );
    assert.deepEqual(
      analysis.lines.map((line) => line.literal === true),
      [false, true, true, false, true, true, false],
    );
  });
});

describe('analyzeScript', () => {
  it('matches analyzeTemplate on the corpus', () => {
    const files = fs.readdirSync(CORPUS_DIR).filter((name) => /^EDCA-.*\.json$/.test(name));
    assert.equal(files.length, 150);
    for (const file of files) {
      const { placeholders: _placeholders, ...expected } = analyzeTemplate(corpusTemplate(file));
      assert.deepEqual(analyzeScript(corpusTemplate(file)), expected, file);
    }
  });
});
