import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { readFixture } from '../helpers';

describe('control-lint --fix', () => {
  let folder: string;
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-fix-cli-'));
    fs.writeFileSync(path.join(folder, '.controlstudio.json'), '{}\n');
    stdout = '';
    stderr = '';
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function run(...args: string[]): Promise<number> {
    const io = { cwd: folder, stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
    return main(args, io);
  }

  it('writes through a symbolic link', async () => {
    fs.mkdirSync(path.join(folder, 'shared'));
    fs.mkdirSync(path.join(folder, 'controls'));
    const target = path.join(folder, 'shared', 'EDCA-SEC-901.json');
    const link = path.join(folder, 'controls', 'EDCA-SEC-901.json');
    fs.writeFileSync(target, readFixture('fix', 'severity-weight', 'input.json'));
    fs.symlinkSync(path.join('..', 'shared', 'EDCA-SEC-901.json'), link);
    await run('--fix', 'controls');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
    assert.equal(fs.readFileSync(target, 'utf8'), readFixture('fix', 'severity-weight', 'expected.json'));
  });
});
