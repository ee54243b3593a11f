// Headless Debian Chromium, driven by playwright-core, kept off the network.
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromiumPath } from './tools.mjs';

// Chromium contacts Google's hosts at start without the networking flags. The
// resolver rule makes every host name but 127.0.0.1 unresolvable.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Loads playwright-core from the cache folder that scripts/e2e/setup filled. */
export function loadPlaywright(tools) {
  const require = createRequire(path.join(tools.playwrightCoreDir, 'package.json'));
  return require('playwright-core');
}

/**
 * Launches Chromium with a fresh profile in the run folder and aborts every
 * request to a host other than 127.0.0.1. Returns the browser context and the
 * set of blocked origins, for the run's report.
 */
export async function launchBrowser({ tools, folders }) {
  const { chromium } = loadPlaywright(tools);
  const context = await chromium.launchPersistentContext(folders.browserProfile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: folders.home,
      XDG_CONFIG_HOME: folders.xdgConfig,
      XDG_DATA_HOME: folders.xdgData,
      XDG_CACHE_HOME: folders.xdgCache,
      XDG_RUNTIME_DIR: folders.xdgRuntime,
      TMPDIR: folders.tmp,
    },
    viewport: { width: 1280, height: 800 },
    // The runner handles these signals and closes the browser itself.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });

  const blockedOrigins = new Set();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') {
      return route.continue();
    }
    blockedOrigins.add(url.origin);
    return route.abort('blockedbyclient');
  });
  return { context, blockedOrigins };
}
