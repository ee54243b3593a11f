import { constants } from 'node:buffer';
import * as fs from 'node:fs';

// Characters a JSON control file starts with: whitespace, `{` or `[`.
const JSON_STARTS = new Set([0x09, 0x0a, 0x0d, 0x20, 0x5b, 0x7b]);

/**
 * Returns the byte order of text that looks like UTF-16, or undefined.
 *
 * Windows PowerShell 5.1 writes UTF-16LE with a byte order mark by default
 * (Out-File, and `>` redirection). Without a mark, a JSON file in UTF-16 starts
 * with an ASCII whitespace, `{` or `[` next to a zero byte.
 */
export function utf16ByteOrder(bytes: Uint8Array): 'LE' | 'BE' | undefined {
  const [first, second] = bytes;
  if (first === undefined || second === undefined) return undefined;
  if ((first === 0xff && second === 0xfe) || (JSON_STARTS.has(first) && second === 0)) return 'LE';
  if ((first === 0xfe && second === 0xff) || (first === 0 && JSON_STARTS.has(second))) return 'BE';
  return undefined;
}

/** Returns the offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

// Returns the length of the well-formed sequence at `at`, or 0. The narrower
// ranges of the second byte reject overlong forms, surrogates and code points
// above U+10FFFF.
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] ?? 0;
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) length = 3;
  else if (lead >= 0xf0 && lead <= 0xf4) length = 4;
  else return 0;
  if (lead === 0xe0) low = 0xa0;
  else if (lead === 0xed) high = 0x9f;
  else if (lead === 0xf0) low = 0x90;
  else if (lead === 0xf4) high = 0x8f;
  const second = bytes[at + 1];
  if (second === undefined || second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[at + k];
    if (next === undefined || next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

/** Returns the 1-based line of a byte offset, counting line feeds before it. */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The text of a file, or the reason it cannot be linted. */
export type ReadResult = { text: string; bom: boolean } | { problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Maximum size of a file that readControlFile accepts, in bytes: V8's maximum
 * string length in UTF-16 code units, 536870888 in Node.js 20 on 64-bit
 * platforms. UTF-8 text of this many bytes decodes to at most this many code
 * units, so a file within the limit never fails to decode for its length.
 */
export const MAX_FILE_BYTES = constants.MAX_STRING_LENGTH;

/**
 * Reads a file as UTF-8 text, rejecting binary, invalid and empty content and
 * files larger than `maxBytes`.
 */
export function readControlFile(file: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    // Node.js 20 reads at most 2 GiB into one buffer, and fails before reading a larger file.
    if (code === 'ERR_FS_FILE_TOO_LARGE') return { problem: describeTooLarge(sizeOf(file), maxBytes) };
    return { problem: code === 'EACCES' ? 'permission denied' : `cannot read file (${code || (error as Error).message})` };
  }
  if (bytes.length > maxBytes) return { problem: describeTooLarge(bytes.length, maxBytes) };
  return decodeText(bytes);
}

function describeTooLarge(size: number | undefined, maxBytes: number): string {
  const found = size === undefined ? 'more than' : `${size} bytes, more than`;
  return `file too large: ${found} the ${maxBytes} bytes that control-lint can read`;
}

function sizeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).size;
  } catch {
    return undefined;
  }
}

/** Decodes the bytes of a file as UTF-8 text, rejecting UTF-16, binary, invalid and empty content. */
export function decodeText(bytes: Uint8Array): ReadResult {
  const utf16 = utf16ByteOrder(bytes);
  if (utf16) return { problem: `UTF-16${utf16} text, not UTF-8; save the file as UTF-8` };
  if (bytes.includes(0)) return { problem: 'binary file, not JSON text' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    const offset = findInvalidUtf8(bytes);
    if (offset >= 0) return { problem: `invalid UTF-8 at line ${lineOfByte(bytes, offset)}, byte offset ${offset}; save the file as UTF-8` };
    // Valid UTF-8 that fails to decode all the same, such as text longer than a string can be,
    // which readControlFile keeps out with its size limit.
    return { problem: `cannot decode the file as UTF-8 (${(error as Error).message})` };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  if (text.trim() === '') return { problem: 'empty file' };
  return { text, bom };
}
