import { type Command, Option } from 'commander';
import { catalogueReport } from '../core/report';
import type { ControlSummary } from '../core/rules/rule';
import type { Io, LintFlags, LintRun } from './main';
import { findScript, ScriptTargetError, scriptJson, type ScriptPart, scriptPart } from './script';

type LintInputs = (paths: string[], flags: Partial<LintFlags>) => Promise<LintRun<ControlSummary> | number>;

/** Adds `report` and `script` to the program; each sets the exit status through `setStatus`. */
export function addSubcommands(program: Command, io: Io, setStatus: (status: number) => void, lintInputs: LintInputs): void {
  program
    .command('report')
    .description('print a Markdown overview: controls by category and severity, by framework, and those failing rules')
    .argument('[paths...]', 'files, folders or globs (default: the nearest controls/ or Controls/ folder)')
    .option('-c, --config <file>', 'use this configuration file instead of the nearest .controlstudio.json')
    .action(async (paths: string[], flags: { config?: string }) => {
      const run = await lintInputs(paths, flags.config !== undefined ? { config: flags.config } : {});
      if (typeof run === 'number') return setStatus(run);
      io.stdout(catalogueReport(run.results, run.config));
      setStatus(run.problems.length > 0 ? 2 : 0);
    });
  program
    .command('script')
    .description("print a control's script template, or the part a run would execute")
    .argument('<target>', 'a control file, a catalogue file (with --id) or a control id')
    .addOption(new Option('--part <part>', 'which part to print').choices(['check', 'remediation', 'all']).default('all'))
    .option('--id <id>', 'the control to take from a catalogue file')
    .option('--json', 'print the parts, placeholders and state-changing lines as JSON')
    .action(async (target: string, flags: { part: ScriptPart; id?: string; json?: boolean }) => {
      setStatus(await runScript(target, flags, io));
    });
}

async function runScript(target: string, flags: { part: ScriptPart; id?: string; json?: boolean }, io: Io): Promise<number> {
  if (target.trim() === '') {
    io.stderr('control-lint: the script target is empty; pass a control file, a catalogue file or a control id.\n');
    return 2;
  }
  let found;
  try {
    found = await findScript(target, flags.id, io.cwd);
  } catch (error) {
    if (!(error instanceof ScriptTargetError)) throw error;
    io.stderr(`control-lint: ${error.message}\n`);
    return 2;
  }
  if (flags.json) {
    io.stdout(scriptJson(found));
    return 0;
  }
  const part = scriptPart(found, flags.part);
  if ('refused' in part) {
    io.stderr(`control-lint: ${part.refused}\n`);
    return 1;
  }
  if (part.note) io.stderr(`control-lint: ${part.note}\n`);
  io.stdout(part.text.endsWith('\n') || part.text === '' ? part.text : `${part.text}\n`);
  return 0;
}
