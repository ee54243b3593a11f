#!/usr/bin/env node
// Opens the workbench on a fixture folder, as a person would, shows the
// Problems panel and saves a PNG of the page. With --vsix, the extension comes
// from that package, installed into a fresh extensions folder. Without it, the
// repository is loaded as the extension under development.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installExtension } from './lib/server.mjs';
import { runSession } from './lib/session.mjs';
import { repoRoot, requireTools } from './lib/tools.mjs';
import { workbenchUrl } from './lib/workbench.mjs';

const usage = `Usage: node scripts/e2e/screenshot.mjs --out FILE.png [options]

Opens a fixture folder in the workbench of the VS Code server bundled in
code-server, opens the Problems panel from the command palette and saves a
screenshot. Run scripts/e2e/setup first, and \`npm run build\` unless --vsix
is given. Paths are relative to the repository root.

Options:
  --out FILE          PNG file to write (required)
  --vsix FILE         install this .vsix into a fresh extensions folder and
                      use it instead of the repository's build
  --workspace DIR     fixture folder, copied fresh and opened as the workspace
                      (default: test/e2e/fixtures/workspace)
  --open FILE         file to open in an editor first, relative to the workspace
                      (default: controls/EDCA-DATA-003.json; "" opens none)
  --wait-for TEXT     take the screenshot once the Problems panel shows TEXT,
                      e.g. a rule identifier
  --timeout SECONDS   fail after this many seconds (default: 180)
  --keep              keep the run folder after success
  --verbose           also print the server's output and the browser console
  -h, --help          print this help`;

// Title of the command-palette command that shows and focuses the Problems
// view, as VS Code 1.139 lists it.
const focusProblemsCommand = 'Problems: Focus on Problems View';

function parseOptions() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      vsix: { type: 'string' },
      workspace: { type: 'string', default: 'test/e2e/fixtures/workspace' },
      open: { type: 'string', default: 'controls/EDCA-DATA-003.json' },
      'wait-for': { type: 'string' },
      timeout: { type: 'string', default: '180' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (!values.out) {
    throw new Error('Missing --out FILE.png: the path of the screenshot to write.');
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new Error(`Invalid --timeout ${values.timeout}: expected a number of seconds above 0.`);
  }
  const options = {
    outPath: path.resolve(repoRoot, values.out),
    vsixPath: values.vsix === undefined ? undefined : path.resolve(repoRoot, values.vsix),
    workspaceFixture: path.resolve(repoRoot, values.workspace),
    openFile: values.open,
    waitForText: values['wait-for'],
    timeoutMs: timeoutSeconds * 1000,
    keep: values.keep,
    verbose: values.verbose,
  };
  if (options.vsixPath && !fs.existsSync(options.vsixPath)) {
    throw new Error(`VSIX ${options.vsixPath} not found. Check the --vsix path.`);
  }
  if (!options.vsixPath && !fs.existsSync(path.join(repoRoot, 'dist', 'client.js'))) {
    throw new Error('dist/client.js not found. Run `npm run build` first, or pass --vsix.');
  }
  return options;
}

/** Runs a command-palette (F1) entry by its title, as a person would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  // F1 opens the palette with ">" typed, which selects commands.
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens `relativePath` of the workspace through Quick Open (F1 without ">"). */
async function openFile(page, relativePath) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(relativePath);
  const fileName = path.basename(relativePath);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab', { hasText: fileName }).first().waitFor();
}

async function takeScreenshot(session, options) {
  if (options.vsixPath) {
    await installExtension({
      tools: session.tools,
      folders: session.folders,
      closedPort: session.closedPort,
      vsixPath: options.vsixPath,
    });
    console.log(`e2e: installed ${options.vsixPath}`);
  }
  const server = await session.startServer();
  const page = await session.openBrowser();
  const url = workbenchUrl(server, {
    workspace: session.folders.workspace,
    extensionDevelopmentPath: options.vsixPath ? undefined : repoRoot,
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });

  // The explorer lists the workspace once the workbench has connected to the server.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 0 });
  if (options.openFile) {
    await openFile(page, options.openFile);
  }
  await runCommand(page, focusProblemsCommand);
  const problems = page.locator('.markers-panel');
  await problems.waitFor();
  if (options.waitForText) {
    await problems.getByText(options.waitForText).first().waitFor({ timeout: 0 });
  }

  fs.mkdirSync(path.dirname(options.outPath), { recursive: true });
  await page.screenshot({ path: options.outPath });
  console.log(`e2e: saved ${options.outPath}`);
  return 0;
}

async function main() {
  const options = parseOptions();
  const tools = requireTools();
  return runSession(
    {
      tools,
      workspaceFixture: options.workspaceFixture,
      timeoutMs: options.timeoutMs,
      keep: options.keep,
      verbose: options.verbose,
    },
    (session) => takeScreenshot(session, options),
  );
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    console.error(`e2e: ${error.message}`);
    process.exit(1);
  },
);
