#!/usr/bin/env node
// Runs the extension's mocha suite inside a real VS Code, offline.
//
// Starts the VS Code server from the code-server package (installed by
// scripts/e2e/setup) with the repository as the extension under development,
// opens its workbench in headless Chromium, streams the suite's output and
// exits with the suite's exit code. Run `node scripts/e2e/run.mjs --help`.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSession } from './lib/session.mjs';
import { repoRoot, requireTools } from './lib/tools.mjs';
import { formatAutomationLog, saveWorkbenchLogs, workbenchUrl } from './lib/workbench.mjs';

const usage = `Usage: node scripts/e2e/run.mjs [options]

Runs a compiled mocha suite in the extension host of a real VS Code (the
VS Code server bundled in code-server, in headless Chromium) and exits with
the suite's exit code. Run \`npm run build\` and scripts/e2e/setup first.

Paths are relative to the repository root.

Options:
  --tests FILE        compiled suite entry that exports run()
                      (default: out/test/e2e/suite/index.js)
  --workspace DIR     fixture folder, copied fresh into the run folder and
                      opened as the workspace (default: test/e2e/fixtures/workspace)
  --grep PATTERN      run only the tests whose full title matches PATTERN
  --timeout SECONDS   fail the run after this many seconds (default: 300)
  --keep              keep the run folder after a passing run
  --verbose           also print the server's output and the browser console
  -h, --help          print this help`;

// Lines that test/e2e/suite/index.ts prints before the first test and after the last.
const suiteStartPattern = /^e2e: running \d+ test files?/;
const summaryPattern = /^e2e: \d+ passed, \d+ failed/;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      tests: { type: 'string', default: 'out/test/e2e/suite/index.js' },
      workspace: { type: 'string', default: 'test/e2e/fixtures/workspace' },
      grep: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new Error(`Invalid --timeout ${values.timeout}: expected a number of seconds above 0.`);
  }
  return {
    testsPath: path.resolve(repoRoot, values.tests),
    workspaceFixture: path.resolve(repoRoot, values.workspace),
    grep: values.grep,
    timeoutMs: timeoutSeconds * 1000,
    keep: values.keep,
    verbose: values.verbose,
  };
}

/** Throws with the fix when the extension or the suite has not been built. */
function checkInputs(options) {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const extensionMain = path.resolve(repoRoot, manifest.main);
  if (!fs.existsSync(extensionMain)) {
    throw new Error(`Extension entry ${extensionMain} not found. Run \`npm run build\` first.`);
  }
  if (!fs.existsSync(options.testsPath)) {
    throw new Error(`Suite entry ${options.testsPath} not found. Run \`npm run build\` first.`);
  }
  if (!fs.statSync(options.workspaceFixture, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`Workspace fixture ${options.workspaceFixture} is not a folder.`);
  }
}

/**
 * Runs the suite once in `session`. Returns the extension host's exit code, or
 * 1 when the suite printed no summary line, and the summary line itself.
 */
async function runSuite(session, options) {
  const extraEnv = options.grep === undefined ? {} : { CONTROL_STUDIO_E2E_GREP: options.grep };
  const server = await session.startServer({ extraEnv });
  const page = await session.openBrowser();
  const { context, folders } = session;

  let resolveExit;
  let rejectExit;
  const suiteExit = new Promise((resolve, reject) => {
    resolveExit = resolve;
    rejectExit = reject;
  });
  // The rejection is awaited only after page.goto, so mark it handled now.
  suiteExit.catch(() => {});

  const automationLog = fs.createWriteStream(path.join(folders.logs, 'automation.log'));
  const closedPortText = `127.0.0.1:${session.closedPort}`;
  let suiteStarted = false;
  let summary;
  await context.exposeFunction('codeAutomationLog', (type, args) => {
    const line = formatAutomationLog(args);
    automationLog.write(`[${type}] ${line}\n`);
    if (summaryPattern.test(line)) {
      summary = line;
      return;
    }
    suiteStarted ||= suiteStartPattern.test(line);
    // The workbench logs its own start-up before the suite runs, and an error
    // for each refused connection to the closed gallery and proxy port.
    const isWorkbenchNoise = !suiteStarted || line.includes(closedPortText);
    if (options.verbose || !isWorkbenchNoise) {
      console.log(line);
    }
  });
  await context.exposeFunction('codeAutomationExit', async (code, logs) => {
    await saveWorkbenchLogs(folders.logs, logs);
    resolveExit(code);
  });
  page.on('crash', () => rejectExit(new Error('The workbench page crashed.')));
  server.exited.then((code) => rejectExit(new Error(`VS Code server exited with ${code} during the run.`)));

  const url = workbenchUrl(server, {
    workspace: folders.workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: options.testsPath,
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });

  let exitCode;
  try {
    exitCode = await suiteExit;
  } finally {
    automationLog.end();
  }
  if (exitCode === 0 && !summary) {
    console.error('e2e: the suite exited with 0 but printed no "e2e: N passed, N failed" line.');
    return { exitCode: 1, summary };
  }
  return { exitCode, summary };
}

async function main() {
  const options = parseOptions();
  const tools = requireTools();
  checkInputs(options);

  let summary;
  const exitCode = await runSession(
    {
      tools,
      workspaceFixture: options.workspaceFixture,
      timeoutMs: options.timeoutMs,
      keep: options.keep,
      verbose: options.verbose,
    },
    async (session) => {
      const result = await runSuite(session, options);
      summary = result.summary;
      return result.exitCode;
    },
  );
  // The suite's count line closes the output, where CI looks for it.
  if (summary) {
    console.log(summary);
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
