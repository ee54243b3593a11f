import { createTwoFilesPatch } from 'diff';
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { fixText, type FixOutcome } from '../core/fix';
import type { Finding } from '../core/types';

/** Fixes a file's text, re-linting between passes; the text is returned, not written. */
export function fixFile(text: string, lint: (text: string) => Finding[]): FixOutcome {
  return fixText(text, lint);
}

/**
 * Returns the real paths of the folders that `--fix` may write into: the
 * working folder, each input that exists (a folder, or a file named on the
 * command line), and the folder a glob starts from (`../other` for
 * `../other/*.json`).
 */
export function writableRoots(inputs: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const input of [cwd, ...inputs]) {
    const base = fs.existsSync(path.resolve(cwd, input)) ? input : picomatch.scan(input).base;
    try {
      roots.add(fs.realpathSync(path.resolve(cwd, base)));
    } catch {
      // A missing path, which the lint run reports.
    }
  }
  return [...roots];
}

/**
 * Writes a file by writing a temporary file beside it, then renaming it over
 * the original. Throws, leaving the file unchanged, when the file is
 * read-only or is a symbolic link to a file outside `roots`.
 */
export function writeAtomically(file: string, text: string, roots: readonly string[]): void {
  // Renaming over a symbolic link would replace the link, so the file it points to is written.
  const target = fs.realpathSync(file);
  if (!roots.some((root) => isInside(target, root))) {
    const where = target === path.resolve(file) ? `it lies at ${target}` : `it links to ${target}`;
    throw new Error(`${where}, outside the working folder and the linted paths`);
  }
  const mode = fs.statSync(target).mode;
  // Renaming needs only write access to the folder, so the file's own access is checked.
  if ((mode & 0o222) === 0 || !canWrite(target)) throw new Error('the file is read-only');
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  // 'wx' fails when the temporary name is taken, so only a file this call created is removed.
  const descriptor = fs.openSync(temporary, 'wx', mode);
  try {
    try {
      fs.writeFileSync(descriptor, text);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function canWrite(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Returns a unified diff between the original and the fixed text. */
export function unifiedDiff(file: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 });
}

/** Describes what was fixed, e.g. "Fixed 3 problems in x.json: json-whitespace (2), title-period". */
export function describeFixes(file: string, outcome: FixOutcome): string {
  const counts = new Map<string, number>();
  for (const fix of outcome.applied) counts.set(fix.rule, (counts.get(fix.rule) ?? 0) + 1);
  const rules = [...counts].map(([rule, count]) => (count === 1 ? rule : `${rule} (${count})`)).join(', ');
  const total = outcome.applied.length;
  return `Fixed ${total} problem${total === 1 ? '' : 's'} in ${file}: ${rules}`;
}
