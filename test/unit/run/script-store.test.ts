import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ScriptStore } from '../../../client/src/run/script-store';

describe('ScriptStore', () => {
  let root: string;
  let store: ScriptStore;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'script-store-'));
    store = new ScriptStore(path.join(root, 'runs'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes a new file with a random name', async () => {
    const first = await store.write('Get-X\n');
    const second = await store.write('Get-X\n');
    assert.notEqual(first, second);
    assert.equal(path.dirname(first), store.folder);
    assert.match(path.basename(first), /^[0-9a-f]{32}\.ps1$/);
  });

  it('writes UTF-8 with a byte order mark', async () => {
    const file = await store.write("Write-Host 'é'\n");
    assert.deepEqual([...fs.readFileSync(file).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(fs.readFileSync(file, 'utf8'), "\uFEFFWrite-Host 'é'\n");
  });

  it('makes the file and folder private', { skip: process.platform === 'win32' }, async () => {
    const file = await store.write('Get-X\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(store.folder).mode & 0o777, 0o700);
  });

  it('removes its files only', async () => {
    const file = await store.write('Get-X\n');
    fs.writeFileSync(path.join(store.folder, 'notes.txt'), 'keep');
    await store.remove(file);
    assert.equal(fs.existsSync(file), false);
    await store.remove(file);
    await assert.rejects(store.remove(path.join(root, 'other.ps1')), /outside the script folder/);
  });

  it('removes all script files', async () => {
    await store.write('a');
    await store.write('b');
    fs.writeFileSync(path.join(store.folder, 'notes.txt'), 'keep');
    assert.equal(await store.removeAll(), 2);
    assert.deepEqual(fs.readdirSync(store.folder), ['notes.txt']);
  });

  it('counts nothing in a missing folder', async () => {
    assert.equal(await store.removeAll(), 0);
  });
});
