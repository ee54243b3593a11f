// Starts and stops the VS Code server bundled in code-server.
//
// The runner starts lib/vscode/out/server-main.js directly, not the
// code-server command, because only the VS Code server accepts
// --enable-smoke-test-driver, without which the workbench ignores the
// extensionTestsPath and extensionDevelopmentPath parameters.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const listeningPattern = /Extension host agent listening on (\d+)/;
const startTimeoutMs = 60_000;
const stopTimeoutMs = 5_000;
// Number of output lines kept in memory for the failure report. The log file has them all.
const keptLineCount = 200;

/**
 * Starts the server detached, in a process group of its own, on a free port of
 * 127.0.0.1, and resolves once it listens. Its output goes to
 * `<logs>/server.log`, and also to stdout when `echo` is set. `extraEnv`
 * reaches the extension host, which inherits the server's environment.
 */
export async function startServer({ tools, folders, closedPort, extraArgs = [], extraEnv = {}, echo = false }) {
  const args = [
    tools.serverMain,
    '--host', '127.0.0.1',
    // Port 0 lets the server pick a free port, which it prints when it listens.
    '--port', '0',
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-workspace-trust',
    '--telemetry-level', 'off',
    '--server-data-dir', folders.serverData,
    '--user-data-dir', folders.userData,
    '--extensions-dir', folders.extensions,
    '--default-folder', folders.workspace,
    ...extraArgs,
  ];
  const child = spawn(tools.nodeBin, args, {
    cwd: folders.dir,
    detached: true,
    env: { ...serverEnvironment({ tools, folders, closedPort }), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new ServerProcess(child, path.join(folders.logs, 'server.log'), echo);
  try {
    server.port = await server.waitUntilListening();
  } catch (error) {
    await server.stop();
    throw error;
  }
  server.origin = `http://127.0.0.1:${server.port}`;
  return server;
}

/**
 * Installs a .vsix into the run's extensions folder with the server's own
 * --install-extension command, which exits when done. Rejects with the end of
 * its output if it fails. Its output goes to `<logs>/install-extension.log`.
 */
export async function installExtension({ tools, folders, closedPort, vsixPath }) {
  const args = [
    tools.serverMain,
    '--accept-server-license-terms',
    '--server-data-dir', folders.serverData,
    '--user-data-dir', folders.userData,
    '--extensions-dir', folders.extensions,
    '--install-extension', vsixPath,
  ];
  const child = spawn(tools.nodeBin, args, {
    cwd: folders.dir,
    env: serverEnvironment({ tools, folders, closedPort }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = path.join(folders.logs, 'install-extension.log');
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  const [code, signal] = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  const text = Buffer.concat(output).toString('utf8');
  fs.writeFileSync(logFile, text);
  if (code !== 0) {
    throw new Error(`Installing ${vsixPath} failed with ${code ?? signal}:\n${text.trim().split('\n').slice(-20).join('\n')}`);
  }
}

/**
 * Returns the server's environment: the caller's, less variables of an
 * enclosing VS Code, Electron or npm run, with HOME, XDG_* and TMPDIR inside
 * the run folder and every outbound address pointed at a closed local port.
 */
function serverEnvironment({ tools, folders, closedPort }) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|ELECTRON_|npm_)|^(NODE_OPTIONS|NODE_PATH|INIT_CWD)$/.test(name)) {
      continue;
    }
    env[name] = value;
  }
  const closedOrigin = `http://127.0.0.1:${closedPort}`;
  Object.assign(env, {
    HOME: folders.home,
    XDG_CONFIG_HOME: folders.xdgConfig,
    XDG_DATA_HOME: folders.xdgData,
    XDG_CACHE_HOME: folders.xdgCache,
    XDG_STATE_HOME: folders.xdgState,
    XDG_RUNTIME_DIR: folders.xdgRuntime,
    TMPDIR: folders.tmp,
    // Processes that the extension host starts with `node` get the server's Node.js.
    PATH: `${path.dirname(tools.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    // code-server reads the extension gallery from EXTENSIONS_GALLERY and its
    // own telemetry endpoint from CS_TELEMETRY_URL.
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: `${closedOrigin}/gallery`,
      itemUrl: `${closedOrigin}/item`,
      extensionUrlTemplate: `${closedOrigin}/gallery/{publisher}/{name}/latest`,
      resourceUrlTemplate: `${closedOrigin}/asset/{publisher}/{name}/{version}/{path}`,
      controlUrl: '',
      recommendationsUrl: '',
    }),
    CS_TELEMETRY_URL: closedOrigin,
    // Node.js 24 sends http, https and fetch requests through these proxies
    // when NODE_USE_ENV_PROXY is set, and nothing listens on the proxy port.
    NODE_USE_ENV_PROXY: '1',
    HTTP_PROXY: closedOrigin,
    HTTPS_PROXY: closedOrigin,
    http_proxy: closedOrigin,
    https_proxy: closedOrigin,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  });
  return env;
}

/** A started VS Code server. Emits 'line' for each line of its output. */
class ServerProcess extends EventEmitter {
  /** @type {number | undefined} */
  port;
  /** @type {string | undefined} */
  origin;

  constructor(child, logFile, echo) {
    super();
    this.child = child;
    this.logFile = logFile;
    this.log = fs.createWriteStream(logFile);
    this.exitCode = undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? signal;
        resolve(this.exitCode);
      });
    });
    this.lines = [];
    for (const stream of [child.stdout, child.stderr]) {
      const reader = readline.createInterface({ input: stream, crlfDelay: Infinity });
      reader.on('line', (line) => {
        this.log.write(`${line}\n`);
        this.lines.push(line);
        if (this.lines.length > keptLineCount) {
          this.lines.shift();
        }
        if (echo) {
          console.log(`[server] ${line}`);
        }
        this.emit('line', line);
      });
    }
  }

  /** Resolves with the port once the server prints it. Rejects if the server exits or times out first. */
  waitUntilListening() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`VS Code server did not listen within ${startTimeoutMs / 1000} s; see ${this.logFile}`));
      }, startTimeoutMs);
      const onLine = (line) => {
        const match = listeningPattern.exec(line);
        if (match) {
          clearTimeout(timer);
          this.off('line', onLine);
          resolve(Number(match[1]));
        }
      };
      this.on('line', onLine);
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`VS Code server exited with ${code} before it listened; see ${this.logFile}`));
      });
    });
  }

  /** Returns up to the last `count` lines that the server printed, at most keptLineCount. */
  tail(count) {
    return this.lines.slice(-count);
  }

  /**
   * Ends the server's whole process group (server, extension host, file
   * watcher, terminals' pty host): SIGTERM first, then SIGKILL to whatever is
   * left after a few seconds.
   */
  async stop() {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.signalGroup('SIGTERM');
    const timer = new Promise((resolve) => setTimeout(resolve, stopTimeoutMs).unref());
    await Promise.race([this.exited, timer]);
    // The group can outlive its leader, so SIGKILL it even after a clean exit.
    this.signalGroup('SIGKILL');
    // Its ID may now be reused by an unrelated group, which must get no signal.
    this.groupEnded = true;
    await new Promise((resolve) => this.log.end(resolve));
  }

  /** Sends `signal` to the process group synchronously, so a process 'exit' handler may call it. */
  signalGroup(signal) {
    if (this.groupEnded) {
      return;
    }
    try {
      // A negative PID addresses the process group that `detached` created.
      process.kill(-this.child.pid, signal);
    } catch (error) {
      if (error.code !== 'ESRCH') {
        throw error;
      }
    }
  }
}
