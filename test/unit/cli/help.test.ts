import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { REPO_ROOT } from '../helpers';

async function helpText(args: string[]): Promise<string> {
  let stdout = '';
  const status = await main(args, { cwd: REPO_ROOT, stdout: (text) => (stdout += text), stderr: () => undefined });
  assert.equal(status, 0);
  return stdout;
}

// Returns the flags of each option that --help lists, such as "-f, --format <format>".
function helpFlags(help: string): string[] {
  const options = help.slice(help.indexOf('\nOptions:\n'));
  const flags: string[] = [];
  for (const line of options.split('\n')) {
    const match = /^ {2}(-\S.*?)(?: {2,}|$)/.exec(line);
    if (match?.[1]) flags.push(match[1]);
  }
  return flags.sort();
}

// Returns the first cell of each row of the first table after `heading`, without backticks.
function tableFlags(file: string, heading: string): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${file} has no heading "${heading}"`);
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const flags: string[] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    const cell = /^\| `([^`]+)` \|/.exec(line.replaceAll('\\|', '\u0000'))?.[1];
    assert.ok(cell, `${file}: a row without an option: ${line}`);
    flags.push(cell.replaceAll('\u0000', '|'));
  }
  return flags.sort();
}

describe('control-lint --help', () => {
  it('matches the README options', async () => {
    assert.deepEqual(tableFlags('README.md', '## control-lint'), helpFlags(await helpText(['--help'])));
  });

  it('matches the docs/cli.md options', async () => {
    assert.deepEqual(tableFlags('docs/cli.md', '## Options'), helpFlags(await helpText(['--help'])));
  });

  it('shows the concurrency values', async () => {
    assert.ok(helpFlags(await helpText(['--help'])).includes('--concurrency <count|auto|off>'));
  });

  it('matches the docs/cli.md script options', async () => {
    assert.deepEqual(tableFlags('docs/cli.md', '### script'), helpFlags(await helpText(['script', '--help'])));
  });

  it('matches the README script line', async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const line = readme.split('\n').find((text) => text.startsWith('- `control-lint script '));
    assert.ok(line, 'README.md has no control-lint script line');
    for (const flags of helpFlags(await helpText(['script', '--help']))) {
      const name = /--[a-z-]+/.exec(flags)?.[0] ?? flags;
      if (name !== '--help') assert.ok(line.includes(`[${name}`), `README.md's script line lacks ${name}`);
    }
    assert.ok(line.includes('[--id <id>]'), "README.md's script line lacks the value of --id");
  });
});
