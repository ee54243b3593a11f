import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeTarget } from '../../../client/src/run/preamble';

describe('describeTarget', () => {
  it('names the local session without a preamble', () => {
    assert.equal(describeTarget(''), 'this computer (no session preamble is set)');
  });

  it('reads -ConnectionUri', () => {
    const preamble = [
      '# Connect to Exchange',
      "$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri 'http://ex01.contoso.com/PowerShell/' -Authentication Kerberos",
      'Import-PSSession $session -DisableNameChecking',
    ].join('\n');
    assert.equal(describeTarget(preamble), 'http://ex01.contoso.com/PowerShell/ (the -ConnectionUri of the session preamble)');
  });

  it('reads an unquoted -ComputerName', () => {
    assert.equal(describeTarget('Enter-PSSession -ComputerName ex02;'), 'ex02 (the -ComputerName of the session preamble)');
  });

  it('skips commented lines', () => {
    const preamble = '# New-PSSession -ConnectionUri http://old/PowerShell/\nAdd-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn';
    assert.equal(describeTarget(preamble), 'this computer, as set up by the session preamble (it names no -ConnectionUri or -ComputerName)');
  });
});
