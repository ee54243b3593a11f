import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { main } from '../../../server/src/cli/main';
import { REPO_ROOT } from '../helpers';

// Creating symbolic links on Windows needs a privilege that test machines may lack.
const skip = process.platform === 'win32';

describe('control-lint over symbolic links', { skip }, () => {
  let folder: string;

  // The tree of the tests: controls/ contains a link to the one real control
  // file, a link to its folder and a link back to controls/ itself.
  beforeEach(() => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'control-lint-links-')));
    fs.writeFileSync(path.join(folder, '.controlstudio.json'), '{}\n');
    fs.mkdirSync(path.join(folder, 'elsewhere'));
    fs.mkdirSync(path.join(folder, 'controls'));
    fs.copyFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-GOV-012.json'), path.join(folder, 'elsewhere', 'EDCA-GOV-012.json'));
    fs.symlinkSync(path.join('..', 'elsewhere', 'EDCA-GOV-012.json'), path.join(folder, 'controls', 'EDCA-GOV-012.json'));
    fs.symlinkSync(path.join('..', 'elsewhere'), path.join(folder, 'controls', 'linkdir'));
    fs.symlinkSync('.', path.join(folder, 'controls', 'loop'));
  });

  afterEach(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io = { cwd: folder, stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
    const status = await main(args, io);
    return { status, stdout, stderr };
  }

  function reportedPaths(stdout: string): string[] {
    return (JSON.parse(stdout) as { files: Array<{ path: string }> }).files.map((file) => file.path);
  }

  it('lints a file behind links once', async () => {
    const result = await run('controls');
    assert.equal(result.stdout, 'No problems found in 1 file.\n');
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  it('counts no link above a folder given', async () => {
    const result = await run('--format', 'json', 'controls/loop/linkdir', 'controls');
    assert.deepEqual(reportedPaths(result.stdout), ['controls/loop/linkdir/EDCA-GOV-012.json']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  it('prefers a file to a link to it', async () => {
    const result = await run('--format', 'json', 'controls/EDCA-GOV-012.json', 'elsewhere/EDCA-GOV-012.json');
    assert.deepEqual(reportedPaths(result.stdout), ['elsewhere/EDCA-GOV-012.json']);
    assert.equal(result.status, 0);
  });

  it('lints a glob through links once', async () => {
    const result = await run('--format', 'json', 'controls/**/*.json');
    assert.deepEqual(reportedPaths(result.stdout), ['controls/EDCA-GOV-012.json']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  it('stops at a link loop', async () => {
    fs.symlinkSync(path.join('..', 'controls'), path.join(folder, 'elsewhere', 'back'));
    const result = await run('--format', 'json', 'controls', 'elsewhere');
    assert.deepEqual(reportedPaths(result.stdout), ['elsewhere/EDCA-GOV-012.json']);
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  // Replaces the tree's links in controls/ with the control file itself and a link named `linkName` beside it.
  function fileWithLinkBeside(linkName: string): void {
    fs.rmSync(path.join(folder, 'controls', 'EDCA-GOV-012.json'));
    fs.rmSync(path.join(folder, 'controls', 'linkdir'));
    fs.copyFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-GOV-012.json'), path.join(folder, 'controls', 'EDCA-GOV-012.json'));
    fs.symlinkSync('EDCA-GOV-012.json', path.join(folder, 'controls', linkName));
  }

  it('names the file, not a link beside it', async () => {
    fileWithLinkBeside('EDCA-GOV-001.json');
    const result = await run('--format', 'json', 'controls');
    assert.deepEqual(reportedPaths(result.stdout), ['controls/EDCA-GOV-012.json']);
    assert.equal(result.status, 0);
  });

  it('searches a folder behind many links once', async () => {
    // Each folder d<n> links twice to d<n+1>: 2^16 paths lead to the last one.
    const depth = 16;
    const source = fs.readFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-GOV-012.json'), 'utf8');
    for (let n = 0; n <= depth; n++) {
      const id = `EDCA-GOV-${String(100 + n)}`;
      fs.mkdirSync(path.join(folder, 'tree', `d${n}`), { recursive: true });
      fs.writeFileSync(path.join(folder, 'tree', `d${n}`, `${id}.json`), source.replace('EDCA-GOV-012', id));
      if (n < depth) {
        fs.symlinkSync(path.join('..', `d${n + 1}`), path.join(folder, 'tree', `d${n}`, 'l1'));
        fs.symlinkSync(path.join('..', `d${n + 1}`), path.join(folder, 'tree', `d${n}`, 'l2'));
      }
    }
    // The module object itself, whose functions the search calls, so that reading folders can be counted.
    const nodeFs = createRequire(__filename)('node:fs') as typeof fs;
    const readdir = mock.method(nodeFs, 'readdirSync');
    let result: Awaited<ReturnType<typeof run>>;
    try {
      result = await run('--format', 'json', 'tree/d0');
    } finally {
      readdir.mock.restore();
    }
    const searched = readdir.mock.calls.map((call) => String(call.arguments[0])).filter((read) => read.startsWith(path.join(folder, 'tree')));
    assert.equal(searched.length, depth + 1);
    const paths = reportedPaths(result.stdout);
    assert.equal(paths.length, depth + 1);
    assert.equal(paths[0], 'tree/d0/EDCA-GOV-100.json');
    assert.equal(paths[1], 'tree/d0/l1/EDCA-GOV-101.json');
    assert.equal(result.stderr, '');
  });

  it('names the file in a linked folder given', async () => {
    fs.symlinkSync('controls', path.join(folder, 'linked'));
    fileWithLinkBeside('A.json');
    const result = await run('--format', 'json', 'linked');
    assert.deepEqual(reportedPaths(result.stdout), ['linked/EDCA-GOV-012.json']);
    assert.equal(result.status, 0);
  });

  it('reports a broken link once', async () => {
    fs.symlinkSync(path.join('..', 'missing', 'EDCA-SEC-001.json'), path.join(folder, 'controls', 'EDCA-SEC-001.json'));
    const result = await run('controls', 'controls');
    assert.equal(result.stderr, 'control-lint: controls/EDCA-SEC-001.json: broken symbolic link to ../missing/EDCA-SEC-001.json\n');
  });

  it('reports a broken link in a folder', async () => {
    fs.symlinkSync(path.join('..', 'missing', 'EDCA-SEC-001.json'), path.join(folder, 'controls', 'EDCA-SEC-001.json'));
    const result = await run('controls');
    assert.equal(result.stderr, 'control-lint: controls/EDCA-SEC-001.json: broken symbolic link to ../missing/EDCA-SEC-001.json\n');
    assert.equal(result.stdout, 'No problems found in 1 file.\n');
    assert.equal(result.status, 2);
  });

  it('reports a broken link named as argument', async () => {
    fs.symlinkSync(path.join('..', 'missing', 'EDCA-SEC-001.json'), path.join(folder, 'controls', 'EDCA-SEC-001.json'));
    const result = await run('controls/EDCA-SEC-001.json', 'elsewhere/EDCA-GOV-012.json');
    assert.equal(result.stderr, 'control-lint: controls/EDCA-SEC-001.json: broken symbolic link to ../missing/EDCA-SEC-001.json\n');
    assert.equal(result.stdout, 'No problems found in 1 file.\n');
    assert.equal(result.status, 2);
  });

  it('reports a link to itself', async () => {
    fs.symlinkSync('EDCA-SEC-002.json', path.join(folder, 'controls', 'EDCA-SEC-002.json'));
    const result = await run('controls');
    assert.equal(result.stderr, 'control-lint: controls/EDCA-SEC-002.json: broken symbolic link to EDCA-SEC-002.json: too many levels of symbolic links\n');
    assert.equal(result.stdout, 'No problems found in 1 file.\n');
    assert.equal(result.status, 2);
  });

  it('skips broken links not named *.json', async () => {
    fs.symlinkSync(path.join('..', 'missing'), path.join(folder, 'controls', 'notes'));
    const result = await run('controls');
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'No problems found in 1 file.\n');
    assert.equal(result.status, 0);
  });
});
