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
import { launchBrowser } from './lib/browser.mjs';
import { findClosedPort } from './lib/ports.mjs';
import { createRunFolder, removeRunFolder } from './lib/run-folder.mjs';
import { startServer } from './lib/server.mjs';
import { repoRoot, requireTools } from './lib/tools.mjs';
import { formatAutomationLog, saveWorkbenchLogs, workbenchUrl } from './lib/workbench.mjs';

const usage = `Usage: node scripts/e2e/run.mjs [options]

Runs a compiled mocha suite in the extension host of a real VS Code (the
VS Code server bundled in code-server, in headless Chromium) and exits with
the suite's exit code. Run \`npm run build\` and scripts/e2e/setup first.

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

class TimeoutError extends Error {}

class InterruptError extends Error {
  constructor(signal, signalNumber) {
    super(`Received ${signal}`);
    this.signal = signal;
    this.signalNumber = signalNumber;
  }
}

/**
 * Runs the suite once and returns its exit code. Fills `resources` as it goes,
 * so the caller can stop whatever was started when this throws or times out.
 */
async function runSuite(options, tools, folders, closedPort, resources) {
  const extraEnv = options.grep === undefined ? {} : { CONTROL_STUDIO_E2E_GREP: options.grep };
  const server = await startServer({ tools, folders, closedPort, extraEnv, echo: options.verbose });
  resources.server = server;
  console.log(`e2e: VS Code server listening on ${server.origin}`);

  const { context, blockedOrigins } = await launchBrowser({ tools, folders });
  resources.context = context;
  resources.blockedOrigins = blockedOrigins;

  let resolveExit;
  let rejectExit;
  const suiteExit = new Promise((resolve, reject) => {
    resolveExit = resolve;
    rejectExit = reject;
  });

  const automationLog = fs.createWriteStream(path.join(folders.logs, 'automation.log'));
  resources.automationLog = automationLog;
  const closedPortText = `127.0.0.1:${closedPort}`;
  let suiteStarted = false;
  await context.exposeFunction('codeAutomationLog', (type, args) => {
    const line = formatAutomationLog(args);
    automationLog.write(`[${type}] ${line}\n`);
    if (summaryPattern.test(line)) {
      resources.summary = line;
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

  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLog = fs.createWriteStream(path.join(folders.logs, 'browser-console.log'));
  resources.consoleLog = consoleLog;
  page.on('console', (message) => {
    const line = `[${message.type()}] ${message.text()}`;
    consoleLog.write(`${line}\n`);
    if (options.verbose) {
      console.log(`[browser] ${line}`);
    }
  });
  page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.stack ?? error}\n`));
  page.on('crash', () => rejectExit(new Error('The workbench page crashed.')));
  server.exited.then((code) => rejectExit(new Error(`VS Code server exited with ${code} during the run.`)));

  const url = workbenchUrl(server, {
    workspace: folders.workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: options.testsPath,
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return suiteExit;
}

function rejectAfter(timeoutMs) {
  return new Promise((_resolve, reject) => {
    setTimeout(() => {
      reject(new TimeoutError(`End-to-end run timed out after ${timeoutMs / 1000} s (set --timeout to change).`));
    }, timeoutMs).unref();
  });
}

/** Stops the browser and the server's process group. Safe to call twice. */
async function stopResources(resources) {
  const steps = [];
  if (resources.context) {
    steps.push(resources.context.close().catch((error) => console.error(`e2e: closing Chromium failed: ${error.message}`)));
  }
  if (resources.server) {
    steps.push(resources.server.stop());
  }
  await Promise.all(steps);
  resources.consoleLog?.end();
  resources.automationLog?.end();
  resources.context = undefined;
}

function reportFailure(resources, folders) {
  if (resources.server) {
    console.error('e2e: last lines of the VS Code server log:');
    for (const line of resources.server.tail(40)) {
      console.error(`  ${line}`);
    }
  }
  console.error(`e2e: logs kept in ${folders.logs}`);
}

async function main() {
  const startedAt = performance.now();
  const options = parseOptions();
  const tools = requireTools();
  checkInputs(options);

  const closedPort = await findClosedPort();
  const folders = await createRunFolder({ workspaceFixture: options.workspaceFixture, closedPort });
  const resources = {};

  // Ctrl-C, a CI cancel or a closed terminal ends the run like a timeout does.
  const interrupted = new Promise((_resolve, reject) => {
    for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
      process.once(signal, () => reject(new InterruptError(signal, number)));
    }
  });
  // Last resort if the runner itself crashes: the server group must not outlive it.
  process.once('exit', () => resources.server?.signalGroup('SIGKILL'));

  let exitCode;
  try {
    exitCode = await Promise.race([
      runSuite(options, tools, folders, closedPort, resources),
      rejectAfter(options.timeoutMs),
      interrupted,
    ]);
  } catch (error) {
    if (error instanceof InterruptError) {
      console.error(`e2e: received ${error.signal}, stopping VS Code and Chromium`);
      exitCode = 128 + error.signalNumber;
    } else {
      console.error(`e2e: ${error instanceof TimeoutError ? error.message : error.stack ?? error}`);
      exitCode = 1;
    }
  }
  await stopResources(resources);

  if (resources.blockedOrigins?.size > 0) {
    console.log(`e2e: blocked browser requests to ${[...resources.blockedOrigins].join(', ')}`);
  }
  if (exitCode === 0 && !resources.summary) {
    console.error('e2e: the suite exited with 0 but printed no "e2e: N passed, N failed" line.');
    exitCode = 1;
  }
  if (exitCode !== 0) {
    reportFailure(resources, folders);
  } else if (options.keep) {
    console.log(`e2e: run folder kept in ${folders.dir}`);
  } else {
    await removeRunFolder(folders);
  }

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`e2e: run ended with exit code ${exitCode} after ${seconds} s`);
  if (resources.summary) {
    console.log(resources.summary);
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
