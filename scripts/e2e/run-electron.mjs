#!/usr/bin/env node
// Runs the end-to-end suite in desktop VS Code through @vscode/test-electron,
// for machines with internet access (a contributor's laptop, a public CI).
//
// @vscode/test-electron downloads VS Code from Microsoft's update service on
// the first run. On a machine without internet it fails at once, so CI there
// uses run.mjs. On Linux without a display, run this under xvfb-run.
// NOTE: not run by this project's CI, whose machine has no internet access.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { findClosedPort } from './lib/ports.mjs';
import { createRunFolder, removeRunFolder } from './lib/run-folder.mjs';
import { cacheRoot, repoRoot, versions } from './lib/tools.mjs';

const usage = `Usage: node scripts/e2e/run-electron.mjs [options]

Runs a compiled mocha suite in desktop VS Code, downloaded by
@vscode/test-electron into the cache folder on first use (needs internet).
On Linux without a display: xvfb-run -a node scripts/e2e/run-electron.mjs

Options:
  --tests FILE              compiled suite entry that exports run()
                            (default: out/test/e2e/suite/index.js)
  --workspace DIR           fixture folder, copied fresh and opened as the
                            workspace (default: test/e2e/fixtures/workspace)
  --grep PATTERN            run only the tests whose full title matches PATTERN
  --vscode-version VERSION  VS Code to download: a version, "stable" or
                            "insiders" (default: ${versions.vscode}, as bundled in
                            code-server ${versions.codeServer})
  --keep                    keep the run folder after a passing run
  -h, --help                print this help`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      tests: { type: 'string', default: 'out/test/e2e/suite/index.js' },
      workspace: { type: 'string', default: 'test/e2e/fixtures/workspace' },
      grep: { type: 'string' },
      'vscode-version': { type: 'string', default: versions.vscode },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  return {
    testsPath: path.resolve(repoRoot, values.tests),
    workspaceFixture: path.resolve(repoRoot, values.workspace),
    grep: values.grep,
    vscodeVersion: values['vscode-version'],
    keep: values.keep,
  };
}

async function main() {
  const options = parseOptions();
  if (!fs.existsSync(options.testsPath)) {
    throw new Error(`Suite entry ${options.testsPath} not found. Run \`npm run build\` first.`);
  }

  // The closed port serves as the http.proxy of the user settings, as in run.mjs.
  const closedPort = await findClosedPort();
  const folders = await createRunFolder({ workspaceFixture: options.workspaceFixture, closedPort });
  let exitCode = 1;
  try {
    exitCode = await runTests({
      version: options.vscodeVersion,
      cachePath: path.join(cacheRoot(), 'vscode-test'),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: options.testsPath,
      extensionTestsEnv: options.grep === undefined ? {} : { CONTROL_STUDIO_E2E_GREP: options.grep },
      // The first argument is the folder to open. The two folders keep the
      // run apart from the user's own VS Code settings and extensions.
      launchArgs: [
        folders.workspace,
        `--user-data-dir=${folders.userData}`,
        `--extensions-dir=${folders.extensions}`,
      ],
    });
  } catch (error) {
    console.error(`e2e: ${error.message}`);
  }
  if (exitCode === 0 && !options.keep) {
    await removeRunFolder(folders);
  } else {
    console.log(`e2e: run folder kept in ${folders.dir}`);
  }
  return exitCode;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    console.error(`e2e: ${error.message}`);
    process.exit(1);
  },
);
