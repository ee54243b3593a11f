import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../../server/src/cli/main';
import { fixturePath, REPO_ROOT } from '../helpers';

/** The golden cases: one folder per case, with its input files and expected output. */
export const CASES_DIR = fixturePath('cli');

/** Files of a case folder that describe the run. Every other file is input. */
const CASE_FILES = ['args.json', 'stdout.txt', 'stderr.txt', 'status.txt'];

/** Output and exit status of one run. */
export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Lists the case folders in name order. */
export function listCases(): string[] {
  return fs
    .readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Reads the arguments of a case, replacing `{CASE}` with the folder the case runs in. */
export function readArgs(name: string, caseDir: string): string[] {
  const args = JSON.parse(fs.readFileSync(path.join(CASES_DIR, name, 'args.json'), 'utf8')) as string[];
  return args.map((arg) => arg.replaceAll('{CASE}', caseDir));
}

/**
 * Copies the input files of a case into a new temporary folder and returns that copy's path.
 *
 * The copy keeps the run away from the repository around the fixtures: the CLI looks
 * for `controls/` and `.controlstudio.json` in parent folders, and this repository has
 * a `controls/` folder of its own.
 */
export function copyCase(name: string): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'control-lint-')));
  const source = path.join(CASES_DIR, name);
  const caseDir = path.join(root, name);
  fs.cpSync(source, caseDir, {
    recursive: true,
    filter: (file) => path.dirname(file) !== source || !CASE_FILES.includes(path.basename(file)),
  });
  return caseDir;
}

/** Removes the temporary copy made by `copyCase`. */
export function removeCopy(caseDir: string): void {
  fs.rmSync(path.dirname(caseDir), { recursive: true, force: true });
}

/**
 * Replaces the paths that differ between machines with tokens.
 *
 * SARIF output carries absolute file URLs: the rule documentation (`helpUri`) inside
 * the package, and the folder relative paths resolve against (`originalUriBaseIds`).
 * `{REPO_URL}` replaces the file URL of the repository root, `{CASE_URL}` and `{CASE}`
 * the file URL and the path of the folder the case ran in. Nothing else is changed.
 */
export function normalize(text: string, caseDir: string): string {
  return text
    .replaceAll(pathToFileURL(caseDir).href, '{CASE_URL}')
    .replaceAll(pathToFileURL(REPO_ROOT).href, '{REPO_URL}')
    .replaceAll(caseDir, '{CASE}');
}

/** Runs `control-lint` in-process with the working folder `caseDir`. */
export async function runMain(args: string[], caseDir: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    cwd: caseDir,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { stdout, stderr, status };
}

/**
 * Runs one case on a temporary copy of its folder, with `extraArgs` after its
 * own. Unless `normalized` is false, the machine-specific paths in the output
 * are replaced with tokens.
 */
export async function runCase(name: string, normalized = true, extraArgs: string[] = []): Promise<RunResult> {
  const caseDir = copyCase(name);
  try {
    const result = await runMain([...readArgs(name, caseDir), ...extraArgs], caseDir);
    if (!normalized) return result;
    return { stdout: normalize(result.stdout, caseDir), stderr: normalize(result.stderr, caseDir), status: result.status };
  } finally {
    removeCopy(caseDir);
  }
}

/** Reads the expected output of a case. A missing file gives undefined. */
export function readExpected(name: string): Partial<RunResult> {
  const read = (file: string): string | undefined => {
    const full = path.join(CASES_DIR, name, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : undefined;
  };
  const status = read('status.txt');
  return {
    stdout: read('stdout.txt'),
    stderr: read('stderr.txt'),
    status: status === undefined ? undefined : Number(status.trim()),
  };
}

/** Writes the output of a run as the expected output of a case. */
export function writeExpected(name: string, result: RunResult): void {
  const folder = path.join(CASES_DIR, name);
  fs.writeFileSync(path.join(folder, 'stdout.txt'), result.stdout);
  fs.writeFileSync(path.join(folder, 'stderr.txt'), result.stderr);
  fs.writeFileSync(path.join(folder, 'status.txt'), `${result.status}\n`);
}
