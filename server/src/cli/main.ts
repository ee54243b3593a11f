import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, type Config, ConfigError } from '../core/config';
import { lintSet, lintText } from '../core/lint';
import type { ControlIds, ControlSummary } from '../core/rules/rule';
import { FindingTable, idsOnly, MessagePool, StoredResult, wholeSummaries } from '../core/stored';
import { findRule } from '../core/rules';
import type { Finding, SeveritySetting } from '../core/types';
import { addSubcommands } from './commands';
import { findConfigFile, loadConfig } from './config-file';
import { describeFixes, fixFile, unifiedDiff, writableRoots, writeAtomically } from './fix';
import { collectTargets, describeEmptyPath, findControlsFolder, type InputProblem, readControlFile, relativePath, relativeTo, type Target } from './files';
import { githubLines } from './formats/github';
import { jsonPieces } from './formats/json';
import { type Counts, countFindings, plural, type Report } from './formats/report';
import { sarifPieces } from './formats/sarif';
import { stylishLines } from './formats/stylish';
import { addLinkFindings, type LinkFlags } from './links';
import { lintOnWorkers, workerCount } from './workers';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_TROUBLE = 2;

const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

export interface LintFlags extends LinkFlags {
  format: Format;
  maxWarnings?: number;
  quiet?: boolean;
  rule?: Record<string, SeveritySetting>;
  config?: string;
  verbose?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  concurrency?: Concurrency;
}

/** Worker threads to lint on: a count (0 for none), or 'auto'. */
export type Concurrency = number | 'auto';

/** The working folder and output streams of a run; tests pass their own. */
export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal, so progress lines may be shown. */
  stderrIsTTY?: boolean;
}

const defaultIo: Io = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
};

/** Returns the package folder, which contains docs/ and package.json, from a dist/ or out/ build. */
export function packageRoot(): string {
  const here = __dirname;
  return path.basename(here) === 'dist' ? path.dirname(here) : path.resolve(here, '..', '..', '..', '..');
}

function packageVersion(): string {
  try {
    return (require(path.join(packageRoot(), 'package.json')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Runs `control-lint` with the given arguments and returns its exit status. */
export async function main(args: string[], io: Io = defaultIo): Promise<number> {
  let status = EXIT_OK;
  const setStatus = (value: number): void => {
    status = value;
  };
  const program = buildProgram(io, async (paths, flags) => setStatus(await runLint(paths, flags, io)));
  addSubcommands(program, io, setStatus, async (paths, flags) => {
    const run = await lintInputs(paths, { format: 'stylish', ...flags }, io, wholeSummaries);
    if (typeof run === 'number') return run;
    for (const problem of run.problems) io.stderr(`control-lint: ${problem.path}: ${problem.message}\n`);
    return run;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return EXIT_OK;
    io.stderr(usageMessage(error));
    return EXIT_TROUBLE;
  }
  return status;
}

function buildProgram(io: Io, action: (paths: string[], flags: LintFlags) => Promise<void>): Command {
  const program = new Command('control-lint')
    .description('Lint EDCA control files: strict JSON, the control schema and the authoring rules.')
    .version(packageVersion(), '-v, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print the usage and exit')
    .argument('[paths...]', 'files, folders or globs to lint (default: the nearest controls/ or Controls/ folder)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('--max-warnings <count>', 'exit with status 1 when there are more warnings than this', parseCount)
    .option('-q, --quiet', 'report errors only')
    .option('--rule <id=severity>', 'set a rule to off, info, warning or error (repeatable)', collectRule)
    .option('-c, --config <file>', 'use this configuration file instead of the nearest .controlstudio.json')
    .option('--fix', 'apply the safe fixes and write the files that change')
    // ESLint's CLI also rejects --fix with --fix-dry-run, with exit status 2.
    .addOption(new Option('--fix-dry-run', 'print the fixes as a unified diff without writing').conflicts('fix'))
    .option('--links', 'check every reference URL over HTTP (off by default: without it no request is made)')
    .option('--links-cache <file>', 'read and write link results in this file (default: the user cache folder)')
    .option('--links-timeout <ms>', 'time out each link request after this many milliseconds (default: 10000)', parseTimeout)
    .option('--links-allow-private', 'also request links to loopback, private and link-local addresses')
    .option('--concurrency <count|auto|off>', 'lint on this many worker threads besides the main one, "auto" (one per other processor, at most 4, from 500 files) or "off" (the default)', parseConcurrency)
    .option('--verbose', 'print stack traces of internal errors')
    .exitOverride()
    // Usage errors are written by main() from the thrown CommanderError, in the CLI's own format.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined })
    .action(async (paths: string[], flags: LintFlags) => action(paths, flags));
  return program;
}

// Formats a commander error as one line: "error: unknown option '--x'\n(Did you mean --y?)"
// becomes "control-lint: unknown option '--x' (did you mean --y?); run control-lint --help for the options."
function usageMessage(error: CommanderError): string {
  const text = error.message
    .replace(/^error: /, '')
    .replace(/\n\(Did you mean (.+)\?\)$/, ' (did you mean $1?)')
    .trim();
  const hint = error.code === 'commander.unknownOption' ? '; run control-lint --help for the options.' : '';
  return `control-lint: ${text}${hint}\n`;
}

// Commander prints "option '<flags>' argument '<value>' is invalid." before these messages.
function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Expected a whole number, e.g. 0 or 10.');
  return Number(value);
}

// Commander prints "option '<flags>' argument '<value>' is invalid." before the message.
function parseConcurrency(value: string): Concurrency {
  if (value === 'auto') return 'auto';
  if (value === 'off') return 0;
  if (!/^\d+$/.test(value) || Number(value) > 64) throw new InvalidArgumentError('Expected a whole number from 0 to 64, "auto" or "off".');
  return Number(value);
}

function parseTimeout(value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(ms >= 1 && ms <= 600_000)) throw new InvalidArgumentError('Expected a whole number of milliseconds from 1 to 600000, e.g. 10000.');
  return ms;
}

const SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

function collectRule(value: string, previous: Record<string, SeveritySetting> = {}): Record<string, SeveritySetting> {
  const match = /^([^=\s]+)=(\S+)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('Expected <rule-id>=<severity>, e.g. title-period=off.');
  const [, id = '', severity = ''] = match;
  if (!findRule(id)) {
    const lowerCase = id.toLowerCase();
    const hint = findRule(lowerCase) ? `did you mean ${lowerCase}? Rule ids are lower-case` : 'see docs/rules for the rule ids';
    throw new InvalidArgumentError(`No rule has the id "${id}"; ${hint}.`);
  }
  if (!SETTINGS.includes(severity as SeveritySetting)) {
    throw new InvalidArgumentError(`The severity must be off, info, warning or error, not "${severity}".`);
  }
  return { ...previous, [id]: severity as SeveritySetting };
}

/** The linted files of a run. `C` is what each result keeps of its controls. */
export interface LintRun<C extends ControlIds = ControlIds> {
  results: StoredResult<C>[];
  problems: InputProblem[];
  internalErrors: number;
  config: Config;
  /**
   * The text each result was linted from, after fixes, by file. Only --links
   * reads it, so other runs leave it empty. Keeping every text would hold
   * about 52 MB for 20,000 generated controls.
   */
  texts: Map<string, string>;
}

/**
 * Reads, fixes on request, and lints the inputs. Returns the exit status when
 * the run cannot start. `keep` reduces the control summaries of each file to
 * what the run keeps until its report.
 */
async function lintInputs<C extends ControlIds>(
  paths: string[],
  flags: LintFlags,
  io: Io,
  keep: (controls: ControlSummary[], file: string) => C[],
): Promise<LintRun<C> | number> {
  const inputs = defaultInputs(paths, io);
  if (!inputs) return EXIT_TROUBLE;
  if (flags.config !== undefined && flags.config.trim() === '') {
    io.stderr(`control-lint: the --config file name is empty; pass the configuration file, or leave out --config for the nearest ${CONFIG_FILE_NAME}.\n`);
    return EXIT_TROUBLE;
  }
  if (flags.linksCache !== undefined && flags.linksCache.trim() === '') {
    io.stderr('control-lint: the --links-cache file name is empty; pass a file, or leave out --links-cache for the user cache folder.\n');
    return EXIT_TROUBLE;
  }
  let config: Config;
  try {
    config = loadConfig(flags.config !== undefined ? path.resolve(io.cwd, flags.config) : findConfigFile(configSearchStart(inputs, io.cwd)));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A --config file is named as the user wrote it, a found one relative to the working folder.
    const configName = flags.config ?? relativePath(io.cwd, error.file);
    io.stderr(`control-lint: ${configName}: ${error.detail}\n`);
    return EXIT_TROUBLE;
  }
  // The targets are released after linting: the absolute paths of 20,000 files take about 2.5 MB.
  let targets: Target[] | undefined;
  let problems: InputProblem[];
  ({ targets, problems } = collectTargets(inputs, io.cwd));
  const knownIds = siblingIds(targets, config.idPrefix);
  const run: LintRun<C> = { results: [], problems, internalErrors: 0, config, texts: new Map() };
  const table = new FindingTable(new MessagePool());
  // Fixes and link checks need each text on this thread.
  const onThisThread = flags.fix === true || flags.fixDryRun === true || flags.links === true;
  const workers = onThisThread ? 0 : workerCount(flags.concurrency, targets.length);
  if (workers > 0) {
    await lintOnWorkers(targets, workers, run, table, keep, flags, io);
  }
  const reportPath = relativeTo(io.cwd);
  const roots = flags.fix ? writableRoots(inputs, io.cwd) : [];
  for (const target of workers > 0 ? [] : targets) {
    const file = reportPath(target.path);
    const read = readControlFile(target.path);
    if ('problem' in read) {
      problems.push({ path: file, message: read.problem });
      continue;
    }
    const onRuleError = (rule: string, error: unknown): void => {
      run.internalErrors++;
      reportInternalError(io, file, rule, error, flags.verbose === true);
    };
    const options = { file, config, overrides: flags.rule, onRuleError };
    let text = read.text;
    if (flags.fix || flags.fixDryRun) {
      const fixed = applyFixes(target.path, file, read, flags, io, (t) => lintText(t, options).findings, roots);
      if (fixed.problem) problems.push({ path: file, message: fixed.problem });
      text = fixed.text;
    }
    // The report shows no fixes, so the rules need not build them.
    const result = lintText(text, { ...options, fixes: false });
    const first = table.add(result.findings);
    run.results.push(new StoredResult(file, result.kind, keep(result.controls, file), table, first, result.findings.length));
    if (flags.links) run.texts.set(file, text);
  }
  targets = undefined;
  lintSet(run.results, config, flags.rule, { knownIds });
  return run;
}

async function runLint(paths: string[], flags: LintFlags, io: Io): Promise<number> {
  const run = await lintInputs(paths, flags, io, idsOnly);
  if (typeof run === 'number') return run;
  const { results, problems, internalErrors } = run;
  if (flags.links) {
    const context = { config: run.config, overrides: flags.rule, cwd: io.cwd, version: packageVersion(), stderr: io.stderr, stderrIsTTY: io.stderrIsTTY === true };
    await addLinkFindings(results, run.texts, flags, context);
  }
  // Counted before --quiet drops warnings, so that --max-warnings still applies.
  const counts = countFindings(results);
  const quiet = flags.quiet === true;
  if (quiet) for (const result of results) result.keepErrorsOnly();
  const report: Report = {
    results,
    problems,
    fileCount: results.length,
    quiet,
    packageRoot: packageRoot(),
    version: packageVersion(),
  };
  for (const problem of problems) io.stderr(`control-lint: ${problem.path}: ${problem.message}\n`);
  writeReport(report, flags.format, io);
  const tooManyWarnings = flags.maxWarnings !== undefined && counts.warnings > flags.maxWarnings;
  if (tooManyWarnings) {
    const found = plural(counts.warnings, 'warning');
    io.stderr(`control-lint: ${found} found, more than the ${flags.maxWarnings} that --max-warnings allows.\n`);
  }
  return exitStatus(counts, problems.length + internalErrors, tooManyWarnings);
}

// Returns the fixed text; writes it with --fix, prints the diff with --fix-dry-run.
// When the write fails, returns the original text and the reason.
function applyFixes(
  absolute: string,
  file: string,
  read: { text: string; bom: boolean },
  flags: LintFlags,
  io: Io,
  lint: (text: string) => Finding[],
  roots: readonly string[],
): { text: string; problem?: string } {
  const outcome = fixFile(read.text, lint);
  const notes = flags.format === 'stylish' ? io.stdout : io.stderr;
  for (const rejected of outcome.rejected) {
    io.stderr(`control-lint: ${file}: fix "${rejected.title}" (${rejected.rule}) was not applied: ${rejected.reason}\n`);
  }
  if (outcome.text === read.text) return { text: read.text };
  const bom = read.bom ? '\ufeff' : '';
  if (flags.fixDryRun) {
    notes(unifiedDiff(file, bom + read.text, bom + outcome.text));
    return { text: outcome.text };
  }
  try {
    writeAtomically(absolute, bom + outcome.text, roots);
  } catch (error) {
    return { text: read.text, problem: `cannot write the fixed file (${(error as Error).message}); the file is unchanged` };
  }
  notes(`${describeFixes(file, outcome)}\n`);
  return { text: outcome.text };
}

// A file named on the command line may cite controls in files beside it that
// are not linted. Their ids count as known, so those citations are not reported.
function siblingIds(targets: Target[], prefix: string): Set<string> {
  const pattern = new RegExp(`^(${prefix}-[A-Z][A-Z0-9]*-\\d{3})\\.json$`, 'i');
  const ids = new Set<string>();
  const folders = new Set(targets.filter((target) => target.explicit).map((target) => path.dirname(target.path)));
  for (const folder of folders) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const id = pattern.exec(name)?.[1];
      if (id) ids.add(id.toUpperCase());
    }
  }
  return ids;
}

function defaultInputs(paths: string[], io: Io): string[] | undefined {
  const emptyPath = describeEmptyPath(paths);
  if (emptyPath) {
    io.stderr(`control-lint: ${emptyPath}.\n`);
    return undefined;
  }
  if (paths.length > 0) return paths;
  const folder = findControlsFolder(io.cwd);
  if (folder) return [relativePath(io.cwd, folder)];
  io.stderr('control-lint: no paths given and no controls/ or Controls/ folder found here or above; pass the files to lint.\n');
  return undefined;
}

function configSearchStart(inputs: string[], cwd: string): string {
  const first = path.resolve(cwd, inputs[0] ?? '.');
  return /[*?{[]/.test(inputs[0] ?? '') ? cwd : first;
}


function reportInternalError(io: Io, file: string, rule: string, error: unknown, verbose: boolean): void {
  const detail = verbose && error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`control-lint: internal error in rule ${rule} on ${file}: ${detail}\n`);
}

// A report can be large (15 MB in stylish and 35 MB in JSON for 20,000
// generated controls), so it is written in pieces of about this many
// characters, never built whole.
const OUTPUT_CHUNK_CHARS = 65536;

function writeReport(report: Report, name: Format, io: Io): void {
  let chunk = '';
  for (const piece of reportPieces(report, name, io.cwd)) {
    chunk += piece;
    if (chunk.length >= OUTPUT_CHUNK_CHARS) {
      io.stdout(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') io.stdout(chunk);
}

function* reportPieces(report: Report, name: Format, cwd: string): Generator<string> {
  switch (name) {
    case 'json':
      yield* jsonPieces(report);
      return;
    case 'sarif':
      yield* sarifPieces(report, cwd);
      return;
    case 'github':
      yield* githubLines(report);
      return;
    default:
      for (const line of stylishLines(report)) yield `${line}\n`;
  }
}

// Input problems and internal errors come first, because the findings of a run
// that could not lint every file are incomplete.
function exitStatus(counts: Counts, problemCount: number, tooManyWarnings: boolean): number {
  if (problemCount > 0) return EXIT_TROUBLE;
  if (counts.errors > 0 || tooManyWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
