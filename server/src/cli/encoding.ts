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

/** Reads a file as UTF-8 text, rejecting binary, invalid and empty content. */
export function readControlFile(file: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return { problem: code === 'EACCES' ? 'permission denied' : `cannot read file (${code || (error as Error).message})` };
  }
  const utf16 = utf16ByteOrder(bytes);
  if (utf16) return { problem: `UTF-16${utf16} text, not UTF-8; save the file as UTF-8` };
  if (bytes.includes(0)) return { problem: 'binary file, not JSON text' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const offset = findInvalidUtf8(bytes);
    return { problem: `invalid UTF-8 at line ${lineOfByte(bytes, offset)}, byte offset ${offset}; save the file as UTF-8` };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  if (text.trim() === '') return { problem: 'empty file' };
  return { text, bom };
}
