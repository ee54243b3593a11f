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

  it('leaves a link to a file outside alone', async (t) => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'control-fix-outside-'));
    t.after(() => fs.rmSync(outside, { recursive: true, force: true }));
    const target = path.join(outside, 'EDCA-SEC-901.json');
    fs.writeFileSync(target, readFixture('fix', 'severity-weight', 'input.json'));
    fs.mkdirSync(path.join(folder, 'controls'));
    fs.symlinkSync(target, path.join(folder, 'controls', 'EDCA-SEC-901.json'));
    const status = await run('--fix', 'controls');
    assert.equal(fs.readFileSync(target, 'utf8'), readFixture('fix', 'severity-weight', 'input.json'));
    const real = fs.realpathSync(target);
    assert.equal(
      stderr,
      `control-lint: controls/EDCA-SEC-901.json: cannot write the fixed file (it links to ${real}, outside the working folder and the linted paths); the file is unchanged\n`,
    );
    assert.equal(status, 2);
  });

  it('writes a file outside that is named', async (t) => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'control-fix-named-'));
    t.after(() => fs.rmSync(outside, { recursive: true, force: true }));
    const target = path.join(outside, 'EDCA-SEC-901.json');
    fs.writeFileSync(target, readFixture('fix', 'severity-weight', 'input.json'));
    await run('--fix', target);
    assert.equal(fs.readFileSync(target, 'utf8'), readFixture('fix', 'severity-weight', 'expected.json'));
    assert.equal(stderr, '');
  });

  it('writes a file outside found by a glob', async (t) => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'control-fix-glob-'));
    t.after(() => fs.rmSync(outside, { recursive: true, force: true }));
    const target = path.join(outside, 'EDCA-SEC-901.json');
    fs.writeFileSync(target, readFixture('fix', 'severity-weight', 'input.json'));
    const status = await run('--fix', `${path.relative(folder, outside).split(path.sep).join('/')}/*.json`);
    assert.equal(fs.readFileSync(target, 'utf8'), readFixture('fix', 'severity-weight', 'expected.json'));
    assert.equal(stderr, '');
    assert.equal(status, 0);
  });

  it('leaves a read-only file alone', async () => {
    const file = path.join(folder, 'controls', 'EDCA-SEC-901.json');
    fs.mkdirSync(path.join(folder, 'controls'));
    fs.writeFileSync(file, readFixture('fix', 'severity-weight', 'input.json'));
    fs.chmodSync(file, 0o444);
    const status = await run('--fix', 'controls');
    assert.equal(fs.readFileSync(file, 'utf8'), readFixture('fix', 'severity-weight', 'input.json'));
    assert.equal(stderr, 'control-lint: controls/EDCA-SEC-901.json: cannot write the fixed file (the file is read-only); the file is unchanged\n');
    assert.equal(status, 2);
  });

  function writeControl(fixture: string, file = 'EDCA-SEC-901.json'): string {
    fs.mkdirSync(path.join(folder, 'controls'), { recursive: true });
    const written = path.join(folder, 'controls', file);
    fs.writeFileSync(written, readFixture('fix', fixture, 'input.json'));
    return written;
  }

  it('prints a unified diff on a dry run', async () => {
    const file = writeControl('severity-weight');
    const status = await run('--fix-dry-run', 'controls');
    const diff = [
      '===================================================================',
      '--- a/controls/EDCA-SEC-901.json',
      '+++ b/controls/EDCA-SEC-901.json',
      '@@ -6,7 +6,7 @@',
      '   "subject": "Server",',
      '   "category": "Platform Security",',
      '   "severity": "Medium",',
      '-  "severityWeight": 8,',
      '+  "severityWeight": 6,',
      '   "frameworks": [',
      '     "Best Practice",',
      '     "CIS"',
      '',
    ].join('\n');
    assert.equal(stdout, `${diff}No problems found in 1 file.\n`);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), readFixture('fix', 'severity-weight', 'input.json'));
  });

  it('writes only the changed files', async () => {
    const fixed = writeControl('severity-weight');
    const clean = writeControl('title-period', 'EDCA-SEC-902.json');
    fs.writeFileSync(clean, readFixture('fix', 'title-period', 'expected.json').replace('EDCA-SEC-901', 'EDCA-SEC-902'));
    const cleanInode = fs.statSync(clean).ino;
    const fixedInode = fs.statSync(fixed).ino;
    await run('--fix', 'controls');
    assert.equal(fs.statSync(clean).ino, cleanInode, 'the clean file was rewritten');
    assert.notEqual(fs.statSync(fixed).ino, fixedInode, 'the fixed file was not replaced by a rename');
    assert.deepEqual(fs.readdirSync(path.join(folder, 'controls')), ['EDCA-SEC-901.json', 'EDCA-SEC-902.json']);
  });

  it('prints what it fixed', async () => {
    writeControl('adjacent-and-overlapping');
    const status = await run('--fix', 'controls');
    const rules = 'json-whitespace, no-trailing-commas (3), reference-https, reference-duplicate, schema, severity-weight, no-comments (2)';
    const summary = `Fixed 10 problems in controls/EDCA-SEC-901.json: ${rules}`;
    assert.equal(stdout, `${summary}\nNo problems found in 1 file.\n`);
    assert.equal(stderr, '');
    assert.equal(status, 0);
  });

  it('fixes values beside comments left on', async () => {
    const file = writeControl('no-comments');
    fs.writeFileSync(file, readFixture('fix', 'no-comments', 'input.json').replace('"severityWeight": 5', '"severityWeight": 8'));
    await run('--fix', '--rule', 'no-comments=off', 'controls');
    assert.equal(fs.readFileSync(file, 'utf8'), readFixture('fix', 'no-comments', 'input.json').replace('"severityWeight": 5', '"severityWeight": 6'));
    assert.equal(stderr, '');
  });

  it('reports a failed write', async () => {
    const file = writeControl('severity-weight');
    // A directory where the temporary file would go makes the write fail.
    const blocker = path.join(folder, 'controls', `.EDCA-SEC-901.json.${process.pid}.tmp`);
    fs.mkdirSync(blocker);
    const status = await run('--fix', 'controls');
    assert.equal(status, 2);
    const reason = `EEXIST: file already exists, open '${fs.realpathSync(blocker)}'`;
    assert.equal(stderr, `control-lint: controls/EDCA-SEC-901.json: cannot write the fixed file (${reason}); the file is unchanged\n`);
    assert.doesNotMatch(stdout, /^Fixed /m);
    assert.match(stdout, /severityWeight 8 is outside the Medium range/);
    assert.equal(fs.readFileSync(file, 'utf8'), readFixture('fix', 'severity-weight', 'input.json'));
    assert.ok(fs.statSync(blocker).isDirectory(), 'the directory in the way was removed');
  });
});
