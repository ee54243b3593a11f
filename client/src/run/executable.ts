// Finds the PowerShell executable before a terminal is created, so that a
// missing program gives a clear error instead of a terminal that failed to start.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_POWERSHELL = 'pwsh';
export const POWERSHELL_PATH_SETTING = 'controlStudio.powershell.path';

const HOW_TO_SET =
  `Install PowerShell 7, or set ${POWERSHELL_PATH_SETTING} in your user settings to the full path of pwsh or powershell.exe.`;

/** The platform, environment and file test that a lookup uses; tests pass their own. */
export interface ExecutableLookup {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  isExecutableFile(file: string): boolean;
}

export type Resolution = { executable: string } | { error: string };

/** Returns the lookup of the extension host: its platform, environment and file system. */
export function hostLookup(): ExecutableLookup {
  return { platform: process.platform, env: process.env, isExecutableFile };
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the PowerShell setting to the full path of an executable file. A
 * value with a folder must be an absolute path; a bare name is searched in
 * the PATH folders, with the PATHEXT extensions on Windows. When the setting
 * is not configured and `pwsh` is missing on Windows, Windows PowerShell at its
 * fixed location under %SystemRoot% is used.
 */
export function resolvePowerShell(value: string, configured: boolean, lookup: ExecutableLookup): Resolution {
  const paths = lookup.platform === 'win32' ? path.win32 : path.posix;
  const name = value.trim();
  if (name === '') return { error: `${POWERSHELL_PATH_SETTING} is empty. ${HOW_TO_SET}` };
  if (/[\\/]/.test(name)) {
    if (!paths.isAbsolute(name)) {
      const problem = `${POWERSHELL_PATH_SETTING} must be an absolute path or a program name found on PATH, not ${name}.`;
      return { error: `${problem} ${HOW_TO_SET}` };
    }
    if (lookup.isExecutableFile(name)) return { executable: name };
    const problem = `${name} (from ${POWERSHELL_PATH_SETTING}) does not exist or is not an executable file.`;
    return { error: `PowerShell was not found: ${problem} ${HOW_TO_SET}` };
  }
  const found = searchPath(name, lookup, paths);
  if (found) return { executable: found };
  const looked = [`${name} in the PATH folders`];
  if (!configured && lookup.platform === 'win32') {
    const systemRoot = lookup.env.SystemRoot ?? 'C:\\Windows';
    const windowsPowerShell = paths.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    if (lookup.isExecutableFile(windowsPowerShell)) return { executable: windowsPowerShell };
    looked.push(windowsPowerShell);
  }
  return { error: `PowerShell was not found: looked for ${looked.join(' and ')}. ${HOW_TO_SET}` };
}

function searchPath(name: string, lookup: ExecutableLookup, paths: path.PlatformPath): string | undefined {
  const windows = lookup.platform === 'win32';
  const pathValue = (windows ? (lookup.env.Path ?? lookup.env.PATH) : lookup.env.PATH) ?? '';
  const extensions = windows && paths.extname(name) === '' ? (lookup.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';') : [''];
  for (const folder of pathValue.split(windows ? ';' : ':')) {
    // An empty PATH entry means the current folder, which a workspace controls, so it is skipped.
    if (folder === '' || !paths.isAbsolute(folder)) continue;
    for (const extension of extensions) {
      const candidate = paths.join(folder, name + extension.toLowerCase());
      if (lookup.isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}
