import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { ControlWorkspace, type Folder } from '../../../server/src/lsp/workspace';

function folder(fsPath: string, name: string): Folder {
  return { uri: pathToFileURL(fsPath).href, fsPath, name };
}

function workspace(folders: Folder[]): ControlWorkspace {
  return new ControlWorkspace({
    folders,
    files: ['**/controls/*.json'],
    overrides: {},
    configFor: () => DEFAULT_CONFIG,
    onRuleError: () => undefined,
  });
}

describe('ControlWorkspace.indexedFile', () => {
  const root = path.resolve('/work/a b@c#d');

  it('gives the URI Node gives the path', () => {
    const only = folder(root, 'a b@c#d');
    const files = workspace([only]);
    const relatives = ['controls/EDCA-SEC-001.json', 'x/controls/EDCA-SEC-002.json', 'controls/ü%20#?.json', 'c/./controls/a.json', 'c/../controls/b.json', '.hidden/controls/c.json'];
    for (const relative of relatives) {
      const indexed = files.indexedFile(only, relative);
      const fsPath = path.join(root, relative);
      assert.equal(indexed?.fsPath, fsPath, relative);
      assert.equal(indexed?.uri, pathToFileURL(fsPath).href, relative);
    }
  });

  it('names files relative to their folder', () => {
    const only = folder(root, 'a b@c#d');
    assert.equal(workspace([only]).indexedFile(only, 'x/controls/EDCA-SEC-002.json')?.file, 'x/controls/EDCA-SEC-002.json');
  });

  it('prefixes the folder name with several folders', () => {
    const first = folder(path.join(root, 'one'), 'one');
    const second = folder(path.join(root, 'two'), 'two');
    assert.equal(workspace([first, second]).indexedFile(second, 'controls/EDCA-SEC-002.json')?.file, 'two/controls/EDCA-SEC-002.json');
  });

  it('leaves a nested folder to the outer one', () => {
    const outer = folder(root, 'outer');
    const inner = folder(path.join(root, 'inner'), 'inner');
    const files = workspace([outer, inner]);
    assert.equal(files.indexedFile(inner, 'controls/EDCA-SEC-003.json'), undefined);
    assert.equal(files.indexedFile(outer, 'inner/controls/EDCA-SEC-003.json')?.file, 'outer/inner/controls/EDCA-SEC-003.json');
  });
});
