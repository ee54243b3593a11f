import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ExecutableLookup, resolvePowerShell } from '../../../client/src/run/executable';

function lookup(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, files: string[]): ExecutableLookup {
  return { platform, env, isExecutableFile: (file) => files.includes(file) };
}

const howToSet =
  'Install PowerShell 7, or set controlStudio.powershell.path in your user settings to the full path of pwsh or powershell.exe.';

describe('resolvePowerShell on Linux', () => {
  const env = { PATH: '/usr/local/bin::relative/bin:/opt/microsoft/powershell/7' };

  it('finds a name in the PATH folders', () => {
    const result = resolvePowerShell('pwsh', false, lookup('linux', env, ['/opt/microsoft/powershell/7/pwsh']));
    assert.deepEqual(result, { executable: '/opt/microsoft/powershell/7/pwsh' });
  });

  it('skips empty and relative PATH entries', () => {
    const result = resolvePowerShell('pwsh', false, lookup('linux', env, ['relative/bin/pwsh', 'pwsh']));
    assert.deepEqual(result, { error: `PowerShell was not found: looked for pwsh in the PATH folders. ${howToSet}` });
  });

  it('accepts an absolute path to an executable', () => {
    const result = resolvePowerShell('/usr/bin/pwsh-preview', true, lookup('linux', env, ['/usr/bin/pwsh-preview']));
    assert.deepEqual(result, { executable: '/usr/bin/pwsh-preview' });
  });

  it('names a missing absolute path', () => {
    const result = resolvePowerShell('/usr/bin/nope', true, lookup('linux', env, []));
    assert.deepEqual(result, {
      error: `PowerShell was not found: /usr/bin/nope (from controlStudio.powershell.path) does not exist or is not an executable file. ${howToSet}`,
    });
  });

  it('rejects a relative path', () => {
    const result = resolvePowerShell('tools/pwsh', true, lookup('linux', env, ['tools/pwsh']));
    assert.ok('error' in result);
    assert.match(result.error, /must be an absolute path or a program name found on PATH, not tools\/pwsh/);
  });

  it('rejects an empty value', () => {
    assert.ok('error' in resolvePowerShell(' ', true, lookup('linux', env, [])));
  });
});

describe('resolvePowerShell on Windows', () => {
  const env = { Path: 'C:\\Tools;C:\\Program Files\\PowerShell\\7', PATHEXT: '.COM;.EXE', SystemRoot: 'C:\\WINDOWS' };
  const windowsPowerShell = 'C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

  it('adds PATHEXT extensions', () => {
    const result = resolvePowerShell('pwsh', false, lookup('win32', env, ['C:\\Program Files\\PowerShell\\7\\pwsh.exe']));
    assert.deepEqual(result, { executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe' });
  });

  it('falls back to Windows PowerShell by full path', () => {
    const result = resolvePowerShell('pwsh', false, lookup('win32', env, [windowsPowerShell]));
    assert.deepEqual(result, { executable: windowsPowerShell });
  });

  it('does not fall back from a configured value', () => {
    const result = resolvePowerShell('pwsh', true, lookup('win32', env, [windowsPowerShell]));
    assert.deepEqual(result, { error: `PowerShell was not found: looked for pwsh in the PATH folders. ${howToSet}` });
  });

  it('names both places it looked', () => {
    const result = resolvePowerShell('pwsh', false, lookup('win32', env, []));
    assert.deepEqual(result, {
      error: `PowerShell was not found: looked for pwsh in the PATH folders and ${windowsPowerShell}. ${howToSet}`,
    });
  });
});
