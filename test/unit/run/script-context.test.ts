import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ScriptContext, scanScript, scriptContexts } from '../../../client/src/run/script-context';

// The context of the first character of `marker` in `script`.
function contextOf(script: string, marker: string): ScriptContext | undefined {
  const offset = script.indexOf(marker);
  assert.ok(offset >= 0, `marker ${marker} not in script`);
  return scriptContexts(script)[offset];
}

describe('scriptContexts strings', () => {
  it('finds code outside strings', () => {
    assert.equal(contextOf('Get-X -Identity ZZ', 'ZZ'), 'code');
  });

  it('finds single-quoted strings', () => {
    assert.equal(contextOf("Get-X 'a ZZ'", 'ZZ'), 'singleQuoted');
    assert.equal(contextOf("Get-X 'a' ZZ", 'ZZ'), 'code');
  });

  it('keeps a doubled quote inside the string', () => {
    assert.equal(contextOf("'it''s ZZ'", 'ZZ'), 'singleQuoted');
  });

  it('ends a single-quoted string at a typographic quote', () => {
    assert.equal(contextOf("'a\u2019 ZZ", 'ZZ'), 'code');
  });

  it('finds double-quoted strings with escapes', () => {
    assert.equal(contextOf('"a`" ZZ"', 'ZZ'), 'doubleQuoted');
    assert.equal(contextOf('"a"" ZZ"', 'ZZ'), 'doubleQuoted');
    assert.equal(contextOf('"a" ZZ', 'ZZ'), 'code');
  });

  it('finds code in a subexpression', () => {
    assert.equal(contextOf('"a $(Get-X ZZ) b"', 'ZZ'), 'code');
    assert.equal(contextOf('"a $(Get-X (1)) ZZ"', 'ZZ'), 'doubleQuoted');
    assert.equal(contextOf('"a $(\'ZZ\')"', 'ZZ'), 'singleQuoted');
  });

  it('treats a backtick in code as an escape', () => {
    assert.equal(contextOf("Write-Host `'ZZ", 'ZZ'), 'code');
  });
});

describe('scriptContexts here-strings', () => {
  it('finds a single-quoted here-string', () => {
    const script = "$a = @'\nx '' ZZ\n '@ not the end\n'@\nYY";
    assert.equal(contextOf(script, 'ZZ'), 'singleHereString');
    assert.equal(contextOf(script, 'not the end'), 'singleHereString');
    assert.equal(contextOf(script, 'YY'), 'code');
  });

  it('finds a double-quoted here-string with a subexpression', () => {
    const script = '$a = @"\nZZ $(Get-X WW) VV\n"@\nYY';
    assert.equal(contextOf(script, 'ZZ'), 'doubleHereString');
    assert.equal(contextOf(script, 'WW'), 'code');
    assert.equal(contextOf(script, 'VV'), 'doubleHereString');
    assert.equal(contextOf(script, 'YY'), 'code');
  });

  it('reads @ followed by text as no here-string', () => {
    assert.equal(contextOf("@'a' ZZ", 'ZZ'), 'code');
  });

  it('accepts CRLF after the header', () => {
    assert.equal(contextOf("@'\r\nZZ\r\n'@", 'ZZ'), 'singleHereString');
  });

  it('ends after a lone CR', () => {
    const script = "$t = @'\rline\r'@; Set-X ZZ";
    assert.equal(contextOf(script, 'line'), 'singleHereString');
    assert.equal(contextOf(script, 'ZZ'), 'code');
  });
});

describe('scriptContexts comments', () => {
  it('finds a line comment up to the line end', () => {
    const script = 'Get-X # ZZ\nYY';
    assert.equal(contextOf(script, 'ZZ'), 'lineComment');
    assert.equal(contextOf(script, 'YY'), 'code');
  });

  it('ends a line comment at a lone CR', () => {
    assert.equal(contextOf('Get-X # note\r-Identity ZZ', 'ZZ'), 'code');
  });

  it('reads # inside a word as part of the word', () => {
    assert.equal(contextOf('Get-X a#ZZ', 'ZZ'), 'code');
  });

  it('finds block comments over several lines', () => {
    const script = 'Get-X <# a\nZZ #> YY';
    assert.equal(contextOf(script, 'ZZ'), 'blockComment');
    assert.equal(contextOf(script, 'YY'), 'code');
  });

  it('ignores quotes in comments', () => {
    assert.equal(contextOf("# it's\nZZ", 'ZZ'), 'code');
  });

  it('returns one context past the end', () => {
    assert.equal(scriptContexts("'open").length, 6);
    assert.equal(scriptContexts("'open")[5], 'singleQuoted');
  });
});

describe('scriptContexts variable names and --%', () => {
  it('reads a braced variable name to its brace', () => {
    const script = "${a'b`}c} ZZ '";
    assert.equal(contextOf(script, 'b'), 'variableName');
    assert.equal(contextOf(script, 'c'), 'variableName');
    assert.equal(contextOf(script, 'ZZ'), 'code');
  });

  it('reads a braced variable in a string', () => {
    assert.equal(contextOf('"a ${ZZ} b"', 'ZZ'), 'variableName');
    assert.equal(contextOf('"a ${x} ZZ"', 'ZZ'), 'doubleQuoted');
  });

  it('reads the line after --% as verbatim', () => {
    const script = 'icacls.exe --% "ZZ | a\nYY';
    assert.equal(contextOf(script, 'ZZ'), 'verbatim');
    assert.equal(contextOf(script, 'YY'), 'code');
    assert.deepEqual(scanScript(script).uncertain, { offset: 11, text: '--%' });
  });

  it('reads --% inside a word as code', () => {
    assert.equal(contextOf('a--% ZZ', 'ZZ'), 'code');
  });
});

describe('scanScript uncertain readings', () => {
  it('finds none in plain code', () => {
    assert.deepEqual(scanScript("$a = @'\nx\n'@\nGet-X # c\n<# b #>").uncertain, undefined);
  });

  it('notes # inside a number', () => {
    assert.deepEqual(scanScript('Get-X 5#b').uncertain, { offset: 7, text: '#' });
  });

  it('notes # in a URL', () => {
    const scan = scanScript('Start-Process https://contoso.com/help#quota ZZ');
    assert.deepEqual(scan.uncertain, { offset: 38, text: '#' });
    assert.equal(scan.contexts[45], 'code');
  });

  it('notes # after =', () => {
    const scan = scanScript('Set-X -Filter Name=#ZZ');
    assert.deepEqual(scan.uncertain, { offset: 19, text: '#' });
    assert.equal(scan.contexts[20], 'lineComment');
  });

  it('notes <# and @ inside a word', () => {
    assert.deepEqual(scanScript('Get-X a<#b#>').uncertain, { offset: 7, text: '<#' });
    assert.deepEqual(scanScript("x=@'\nx\n'@").uncertain, { offset: 2, text: "@'" });
    assert.equal(scanScript("$a=@'\nx\n'@").uncertain, undefined);
  });

  it('notes # after U+FEFF or U+00A0', () => {
    assert.deepEqual(scanScript('a\uFEFF#b').uncertain, { offset: 2, text: '#' });
    assert.deepEqual(scanScript('a\u00A0#b').uncertain, { offset: 2, text: '#' });
  });

  it('notes a here-string end after an escaped line end', () => {
    assert.deepEqual(scanScript('$b = @"\nx `\n"@\nZZ').uncertain, { offset: 12, text: '"@' });
  });

  it('notes # after a simple name', () => {
    assert.deepEqual(scanScript('break outer#it').uncertain, { offset: 11, text: '#' });
    assert.deepEqual(scanScript('Write-Output C#').uncertain, { offset: 14, text: '#' });
  });

  it('notes # after ) or }', () => {
    assert.deepEqual(scanScript('Write-Output Report-$(Get-Date)#1').uncertain, { offset: 31, text: '#' });
    assert.deepEqual(scanScript('Write-Output a${env:X}#1').uncertain, { offset: 22, text: '#' });
  });

  it('notes # after a member of a string', () => {
    assert.deepEqual(scanScript("$count = 'a b'.Length#it's").uncertain, { offset: 21, text: '#' });
  });

  it('keeps the first of several', () => {
    assert.deepEqual(scanScript('1#b c=#d').uncertain, { offset: 1, text: '#' });
  });
});
