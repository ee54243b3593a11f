// The script files that run in terminals. Each run writes a new file with a
// random name into the extension's private storage, readable by its owner
// only. The terminal receives only `& '<this path>'`, so no part of a
// control's id, file name or content reaches a command line.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

// Windows PowerShell 5.1 reads a script without a byte order mark in the
// system's ANSI code page, so the files start with one and any non-ASCII
// character reaches both PowerShell editions unchanged.
const UTF8_BOM = '\uFEFF';

export class ScriptStore {
  constructor(readonly folder: string) {}

  /** Writes a new script file and returns its path. Never overwrites an existing file. */
  async write(text: string): Promise<string> {
    await fs.mkdir(this.folder, { recursive: true, mode: 0o700 });
    // mkdir applies the mode only to a folder it creates.
    await fs.chmod(this.folder, 0o700);
    const file = path.join(this.folder, `${randomBytes(16).toString('hex')}.ps1`);
    // `wx` fails if the name exists, so a file or link planted under it is never written through.
    await fs.writeFile(file, UTF8_BOM + text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    return file;
  }

  /** Deletes a script file written by this store; a file that is already gone is no error. */
  async remove(file: string): Promise<void> {
    if (path.dirname(file) !== this.folder) {
      throw new Error(`Cannot delete ${file}: it is outside the script folder ${this.folder}.`);
    }
    await fs.rm(file, { force: true });
  }

  /**
   * Deletes every script file in the folder, left behind by runs whose
   * terminal was still open when VS Code closed. Returns the number deleted.
   */
  async removeAll(): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const scripts = names.filter((name) => /^[0-9a-f]{32}\.ps1$/.test(name));
    await Promise.all(scripts.map((name) => fs.rm(path.join(this.folder, name), { force: true })));
    return scripts.length;
  }
}
