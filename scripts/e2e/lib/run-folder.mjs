// Per-run folder: every file that VS Code, its extension host and Chromium
// write during one run goes here, never into the user's home.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Creates a run folder under os.tmpdir() and copies the fixture workspace into
 * it, so tests may change files. The folder is short on purpose: the VS Code
 * server creates Unix sockets in TMPDIR, and a socket path is limited to 107
 * bytes on Linux.
 */
export async function createRunFolder({ workspaceFixture, closedPort }) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cs-e2e-'));
  const folders = {
    dir,
    home: path.join(dir, 'home'),
    xdgConfig: path.join(dir, 'xdg', 'config'),
    xdgData: path.join(dir, 'xdg', 'data'),
    xdgCache: path.join(dir, 'xdg', 'cache'),
    xdgState: path.join(dir, 'xdg', 'state'),
    xdgRuntime: path.join(dir, 'xdg', 'runtime'),
    tmp: path.join(dir, 'tmp'),
    serverData: path.join(dir, 'server-data'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    browserProfile: path.join(dir, 'browser-profile'),
    workspace: path.join(dir, 'workspace'),
    logs: path.join(dir, 'logs'),
  };
  for (const [name, folder] of Object.entries(folders)) {
    if (name !== 'dir' && name !== 'workspace') {
      await fs.mkdir(folder, { recursive: true });
    }
  }
  // XDG_RUNTIME_DIR must be private to its user.
  await fs.chmod(folders.xdgRuntime, 0o700);

  await fs.cp(workspaceFixture, folders.workspace, { recursive: true });
  await writeUserSettings(folders.userData, closedPort);
  return folders;
}

/**
 * Writes user settings that stop VS Code and its built-in extensions from
 * reaching the network. Any HTTP request from an extension goes to a proxy on
 * `closedPort`, where nothing listens, so it fails at once on this machine.
 */
async function writeUserSettings(userDataDir, closedPort) {
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    'json.schemaDownload.enable': false,
    'npm.fetchOnlinePackageInfo': false,
    'typescript.disableAutomaticTypeAcquisition': true,
    'git.autofetch': false,
    'git.openRepositoryInParentFolders': 'never',
    'http.proxy': `http://127.0.0.1:${closedPort}`,
    'http.noProxy': ['127.0.0.1', 'localhost'],
    'security.workspace.trust.enabled': false,
    // The link check uses Node's own HTTP client, which ignores http.proxy, and
    // fixture controls cite public hosts: no run may try to reach them.
    'controlStudio.links.enabled': false,
  };
  const userDir = path.join(userDataDir, 'User');
  await fs.mkdir(userDir, { recursive: true });
  await fs.writeFile(path.join(userDir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Deletes the run folder. The runner calls it only after a passing run, so a failed run keeps its logs. */
export async function removeRunFolder(folders) {
  await fs.rm(folders.dir, { recursive: true, force: true });
}
