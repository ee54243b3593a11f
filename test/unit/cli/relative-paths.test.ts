import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { relativePath, relativeTo } from '../../../server/src/cli/files';

describe('relativeTo', () => {
  const cwd = path.resolve('/work/project');
  const relative = relativeTo(cwd);

  it('cuts paths inside the folder', () => {
    assert.equal(relative(path.join(cwd, 'controls', 'EDCA-DATA-003.json')), 'controls/EDCA-DATA-003.json');
    assert.equal(relative(path.join(cwd, 'a.json')), 'a.json');
  });

  it('matches relativePath outside the folder', () => {
    // The folder itself, a sibling whose name starts with the folder's, the parent and another tree.
    const others = [cwd, `${cwd}-old${path.sep}a.json`, path.dirname(cwd), path.resolve('/elsewhere/b.json')];
    assert.deepEqual(
      others.map((file) => relative(file)),
      ['.', '../project-old/a.json', '..', '../../elsewhere/b.json'],
    );
    assert.deepEqual(
      others.map((file) => relative(file)),
      others.map((file) => relativePath(cwd, file)),
    );
  });

  it('accepts a trailing separator and the root', () => {
    assert.equal(relativeTo(`${cwd}${path.sep}`)(path.join(cwd, 'x.json')), 'x.json');
    const root = path.parse(cwd).root;
    assert.equal(relativeTo(root)(path.join(root, 'x', 'y.json')), 'x/y.json');
  });
});
