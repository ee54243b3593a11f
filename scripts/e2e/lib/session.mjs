// One run of the VS Code server and Chromium, with the clean-up that every
// runner needs: an overall timeout, signal handling, and the server's process
// group ended on every path.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { findClosedPort } from './ports.mjs';
import { createRunFolder, removeRunFolder } from './run-folder.mjs';
import { startServer } from './server.mjs';

export class TimeoutError extends Error {}

class InterruptError extends Error {
  constructor(signal, signalNumber) {
    super(`Received ${signal}`);
    this.signal = signal;
    this.signalNumber = signalNumber;
  }
}

/** Run folder, server and browser of one run. runSession stops what it started. */
export class Session {
  constructor({ tools, folders, closedPort, verbose }) {
    this.tools = tools;
    this.folders = folders;
    this.closedPort = closedPort;
    this.verbose = verbose;
    this.server = undefined;
    this.context = undefined;
    this.blockedOrigins = new Set();
    this.consoleLog = undefined;
  }

  /** Starts the VS Code server with startServer's options, filled in from this session. */
  async startServer(options = {}) {
    this.server = await startServer({
      tools: this.tools,
      folders: this.folders,
      closedPort: this.closedPort,
      echo: this.verbose,
      ...options,
    });
    // startServer has stopped the server if it failed, so only a started one is kept.
    console.log(`e2e: VS Code server listening on ${this.server.origin}`);
    return this.server;
  }

  /**
   * Launches Chromium and returns its first page. The page's console goes to
   * `<logs>/browser-console.log`, and also to stdout in verbose mode.
   */
  async openBrowser() {
    const { context, blockedOrigins } = await launchBrowser({ tools: this.tools, folders: this.folders });
    this.context = context;
    this.blockedOrigins = blockedOrigins;
    const page = context.pages()[0] ?? (await context.newPage());

    this.consoleLog = fs.createWriteStream(path.join(this.folders.logs, 'browser-console.log'));
    page.on('console', (message) => {
      const line = `[${message.type()}] ${message.text()}`;
      this.consoleLog.write(`${line}\n`);
      if (this.verbose) {
        console.log(`[browser] ${line}`);
      }
    });
    page.on('pageerror', (error) => this.consoleLog.write(`[pageerror] ${error.stack ?? error}\n`));
    return page;
  }

  /** Stops the browser and the server's process group. Safe to call twice. */
  async stop() {
    const steps = [];
    if (this.context) {
      const context = this.context;
      this.context = undefined;
      steps.push(context.close().catch((error) => console.error(`e2e: closing Chromium failed: ${error.message}`)));
    }
    if (this.server) {
      steps.push(this.server.stop());
    }
    await Promise.all(steps);
    this.consoleLog?.end();
  }

  /** Prints the end of the server log and where the run's logs are. */
  reportFailure() {
    if (this.server) {
      console.error('e2e: last lines of the VS Code server log:');
      for (const line of this.server.tail(40)) {
        console.error(`  ${line}`);
      }
    }
    console.error(`e2e: logs kept in ${this.folders.logs}`);
  }
}

function rejectAfter(timeoutMs) {
  return new Promise((_resolve, reject) => {
    setTimeout(() => {
      reject(new TimeoutError(`End-to-end run timed out after ${timeoutMs / 1000} s (set --timeout to change).`));
    }, timeoutMs).unref();
  });
}

// Ctrl-C, a CI cancel or a closed terminal ends the run the way a timeout does.
function rejectOnSignal() {
  return new Promise((_resolve, reject) => {
    for (const [signal, signalNumber] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
      process.once(signal, () => reject(new InterruptError(signal, signalNumber)));
    }
  });
}

/**
 * Creates a run folder with a fresh copy of `workspaceFixture`, calls
 * `body(session)` and returns the exit code that it returns. A timeout, a
 * signal or an error ends the run with a non-zero exit code. On every path
 * the server and browser are stopped. The run folder is deleted after exit
 * code 0 unless `keep` is set, and kept with its logs otherwise.
 */
export async function runSession({ tools, workspaceFixture, timeoutMs, keep, verbose }, body) {
  const startedAt = performance.now();
  const closedPort = await findClosedPort();
  const folders = await createRunFolder({ workspaceFixture, closedPort });
  const session = new Session({ tools, folders, closedPort, verbose });

  // Last resort if the runner itself crashes: the server group must not outlive it.
  process.once('exit', () => session.server?.signalGroup('SIGKILL'));

  let exitCode;
  try {
    exitCode = await Promise.race([body(session), rejectAfter(timeoutMs), rejectOnSignal()]);
  } catch (error) {
    if (error instanceof InterruptError) {
      console.error(`e2e: received ${error.signal}, stopping VS Code and Chromium`);
      exitCode = 128 + error.signalNumber;
    } else {
      console.error(`e2e: ${error instanceof TimeoutError ? error.message : error.stack ?? error}`);
      exitCode = 1;
    }
  }
  await session.stop();

  if (session.blockedOrigins.size > 0) {
    console.log(`e2e: blocked browser requests to ${[...session.blockedOrigins].join(', ')}`);
  }
  if (exitCode !== 0) {
    session.reportFailure();
  } else if (keep) {
    console.log(`e2e: run folder kept in ${folders.dir}`);
  } else {
    await removeRunFolder(folders);
  }
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`e2e: run ended with exit code ${exitCode} after ${seconds} s`);
  return exitCode;
}
