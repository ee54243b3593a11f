import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, type Config } from '../../server/src/core/config';
import { type FileResult, lintSet, lintText } from '../../server/src/core/lint';

/** The repository root: compiled tests run from out/test/unit. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** 150 real EDCA controls with their authors' mistakes, copied unchanged; tests must not edit them. */
export const CORPUS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'edca');

export function fixturePath(...parts: string[]): string {
  return path.join(REPO_ROOT, 'test', 'fixtures', ...parts);
}

export function readFixture(...parts: string[]): string {
  return fs.readFileSync(fixturePath(...parts), 'utf8');
}

/** A finding reduced to what tests pin: rule id and 0-based [line, character, line, character]. */
export type Pinned = [rule: string, startLine: number, startCharacter: number, endLine: number, endCharacter: number];

export function pin(result: FileResult): Pinned[] {
  return result.findings.map((f) => [f.rule, f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character]);
}

/** Lints one text as a file of the given name, with the cross-file rules over it alone. */
export function lintOne(text: string, file = 'EDCA-DATA-003.json', config: Config = DEFAULT_CONFIG): FileResult {
  const result = lintText(text, { file, config });
  lintSet([result], config);
  return result;
}

/** Returns a generator of integers in [0, n) (mulberry32), so that every run of a test builds the same cases. */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}
