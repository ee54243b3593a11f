import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dotSourceLine,
  escapeDoubleQuoted,
  escapeSingleQuoted,
  invocationLine,
  singleQuotedLiteral,
} from '../../../client/src/run/powershell-quoting';

describe('singleQuotedLiteral', () => {
  it('doubles ASCII quotes', () => {
    assert.equal(singleQuotedLiteral("O'Brien"), "'O''Brien'");
  });

  it('doubles the four typographic single quotes', () => {
    assert.equal(singleQuotedLiteral('\u2018a\u2019b\u201Ac\u201Bd'), "'\u2018\u2018a\u2019\u2019b\u201A\u201Ac\u201B\u201Bd'");
  });

  it('leaves $, backticks and double quotes alone', () => {
    assert.equal(singleQuotedLiteral('$(Remove-Item x) `n "y"'), '\'$(Remove-Item x) `n "y"\'');
  });

  it('escapes an empty string', () => {
    assert.equal(singleQuotedLiteral(''), "''");
    assert.equal(escapeSingleQuoted(''), '');
  });
});

describe('escapeDoubleQuoted', () => {
  it('escapes backtick, dollar and double quotes', () => {
    assert.equal(escapeDoubleQuoted('a`b$c"d'), 'a``b`$c`"d');
  });

  it('escapes typographic double quotes', () => {
    assert.equal(escapeDoubleQuoted('\u201Cx\u201D\u201E'), '`\u201Cx`\u201D`\u201E');
  });

  it('leaves single quotes alone', () => {
    assert.equal(escapeDoubleQuoted("it's"), "it's");
  });
});

describe('invocationLine', () => {
  it('quotes a plain path', () => {
    assert.equal(invocationLine('/home/a/.storage/runs/0a.ps1'), "& '/home/a/.storage/runs/0a.ps1'");
  });

  it('doubles quotes in the path', () => {
    assert.equal(invocationLine("C:\\Users\\O'Brien\\runs\\0a.ps1"), "& 'C:\\Users\\O''Brien\\runs\\0a.ps1'");
  });

  it('keeps ;, $( ) and backticks inside the quotes', () => {
    assert.equal(invocationLine('/t/a;b$(c)`d/x.ps1'), "& '/t/a;b$(c)`d/x.ps1'");
  });

  it('rejects a line break', () => {
    assert.throws(() => invocationLine('/t/a\nb.ps1'), /control character U\+000A/);
    assert.throws(() => invocationLine('/t/a\rb.ps1'), /control character U\+000D/);
  });
});

describe('dotSourceLine', () => {
  it('dot-sources a quoted path', () => {
    assert.equal(dotSourceLine("/t/it's.ps1"), ". '/t/it''s.ps1'");
  });
});
