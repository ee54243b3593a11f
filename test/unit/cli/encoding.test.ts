import * as assert from 'node:assert/strict';
import { constants } from 'node:buffer';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { findInvalidUtf8, lineOfByte, MAX_FILE_BYTES, readControlFile, utf16ByteOrder } from '../../../server/src/cli/encoding';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('findInvalidUtf8', () => {
  it('accepts ASCII and multi-byte text', () => {
    assert.equal(findInvalidUtf8(Buffer.from('{"a": "sécurité € 😀"}', 'utf8')), -1);
  });

  it('finds a Windows-1252 byte', () => {
    assert.equal(findInvalidUtf8(Buffer.from('{"a": "s\xe9"}', 'latin1')), 8);
  });

  it('rejects overlong forms', () => {
    assert.equal(findInvalidUtf8(bytes(0x41, 0xc0, 0x80)), 1);
    assert.equal(findInvalidUtf8(bytes(0xe0, 0x80, 0x80)), 0);
    assert.equal(findInvalidUtf8(bytes(0xf0, 0x80, 0x80, 0x80)), 0);
  });

  it('rejects surrogates and values above U+10FFFF', () => {
    assert.equal(findInvalidUtf8(bytes(0xed, 0xa0, 0x80)), 0);
    assert.equal(findInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80)), 0);
    assert.equal(findInvalidUtf8(bytes(0xf5, 0x80, 0x80, 0x80)), 0);
  });

  it('rejects a truncated sequence', () => {
    assert.equal(findInvalidUtf8(bytes(0x41, 0xe2, 0x82)), 1);
    assert.equal(findInvalidUtf8(bytes(0xe2, 0x82, 0x41)), 0);
  });

  it('rejects a lone continuation byte', () => {
    assert.equal(findInvalidUtf8(bytes(0x41, 0x80)), 1);
  });
});

describe('lineOfByte', () => {
  it('counts line feeds before the offset', () => {
    const text = Buffer.from('a\nb\r\nc', 'utf8');
    assert.equal(lineOfByte(text, 0), 1);
    assert.equal(lineOfByte(text, 2), 2);
    assert.equal(lineOfByte(text, 5), 3);
  });
});

describe('utf16ByteOrder', () => {
  it('reads byte order marks', () => {
    assert.equal(utf16ByteOrder(bytes(0xff, 0xfe, 0x7b, 0x00)), 'LE');
    assert.equal(utf16ByteOrder(bytes(0xfe, 0xff, 0x00, 0x7b)), 'BE');
  });

  it('recognizes JSON without a mark', () => {
    assert.equal(utf16ByteOrder(Buffer.from('{}', 'utf16le')), 'LE');
    assert.equal(utf16ByteOrder(bytes(0x00, 0x5b, 0x00, 0x5d)), 'BE');
  });

  it('ignores other binary data', () => {
    assert.equal(utf16ByteOrder(bytes(0x41, 0x00, 0x00, 0x00)), undefined);
    assert.equal(utf16ByteOrder(bytes(0x1f, 0x8b, 0x08, 0x00)), undefined);
  });

  it('ignores UTF-8 and short files', () => {
    assert.equal(utf16ByteOrder(Buffer.from('{}', 'utf8')), undefined);
    assert.equal(utf16ByteOrder(Buffer.from('\ufeff{}', 'utf8')), undefined);
    assert.equal(utf16ByteOrder(bytes(0x7b)), undefined);
  });
});

describe('readControlFile', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-lint-read-'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function write(name: string, content: string | Uint8Array): string {
    const file = path.join(folder, name);
    fs.writeFileSync(file, content);
    return file;
  }

  it('reports a file over the size limit', () => {
    const file = write('large.json', `{ "title": "${'a'.repeat(100)}" }`);
    assert.deepEqual(readControlFile(file, 64), { problem: 'file too large: 115 bytes, more than the 64 bytes that control-lint can read' });
  });

  it('reads a file at the size limit', () => {
    const file = write('limit.json', '{ "a": 1 }');
    assert.deepEqual(readControlFile(file, 10), { text: '{ "a": 1 }', bom: false });
  });

  it('limits files to the longest string', () => {
    assert.equal(MAX_FILE_BYTES, constants.MAX_STRING_LENGTH);
  });

  it('locates invalid UTF-8', () => {
    const file = write('latin1.json', Buffer.from('{\n"a": "s\xe9"}', 'latin1'));
    assert.deepEqual(readControlFile(file), { problem: 'invalid UTF-8 at line 2, byte offset 9; save the file as UTF-8' });
  });
});
