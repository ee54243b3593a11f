import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { relativePath, relativeTo } from '../../../server/src/cli/files';

describe('relativeTo', () => {
  const cwd = path.resolve('/work/project');
  const shown = relativeTo(cwd);

  it('cuts a path inside the folder after its prefix', () => {
    assert.equal(shown(path.join(cwd, 'controls', 'EDCA-DATA-003.json')), 'controls/EDCA-DATA-003.json');
    assert.equal(shown(path.join(cwd, 'a.json')), 'a.json');
  });

  it('gives what relativePath gives for the folder itself, a sibling with the same start, a parent and another tree', () => {
    const others = [cwd, `${cwd}-old${path.sep}a.json`, path.dirname(cwd), path.resolve('/elsewhere/b.json')];
    assert.deepEqual(
      others.map((file) => shown(file)),
      ['.', '../project-old/a.json', '..', '../../elsewhere/b.json'],
    );
    assert.deepEqual(
      others.map((file) => shown(file)),
      others.map((file) => relativePath(cwd, file)),
    );
  });

  it('accepts a folder given with a trailing separator or as the file system root', () => {
    assert.equal(relativeTo(`${cwd}${path.sep}`)(path.join(cwd, 'x.json')), 'x.json');
    const root = path.parse(cwd).root;
    assert.equal(relativeTo(root)(path.join(root, 'x', 'y.json')), 'x/y.json');
  });
});
