// A minimal LSP client for the benchmark: starts the bundled server over
// stdio, as VS Code does, and resolves promises on the notifications it sends.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './workspaces.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver/node');

/** The server bundle that `npm run build` writes. */
export const DEFAULT_SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const STATUS = 'controlStudio/status';

let clockTicks;

// Returns the clock ticks per second, the unit of the times in /proc/PID/stat.
function clockTicksPerSecond() {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return clockTicks;
}

export function uriOf(file) {
  return pathToFileURL(file).href;
}

/** The bundled language server in a child process, and the connection to it. */
export class ServerProcess {
  /**
   * @param {string[]} execArgv Node options for the server, e.g. --cpu-prof.
   * @param {string} server The server bundle to run.
   */
  constructor(execArgv = [], server = DEFAULT_SERVER) {
    this.child = spawn(process.execPath, [...execArgv, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.published = 0;
    this.errors = [];
    this.waiters = [];
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      this.published++;
      this.settle('diagnostics', params);
    });
    this.connection.onNotification(STATUS, (params) => this.settle('status', params));
    this.connection.onNotification('window/logMessage', (params) => {
      // Type 1 is an error; the server logs rule and lint failures at that level.
      if (params.type === 1) this.errors.push(params.message);
    });
    this.connection.listen();
  }

  get pid() {
    return this.child.pid;
  }

  // Calls the waiters of this kind whose predicate holds, in the handler itself,
  // so that the time taken is the time the message was read.
  settle(kind, params) {
    const now = performance.now();
    for (const waiter of [...this.waiters]) {
      if (waiter.kind !== kind || !waiter.matches(params)) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve({ params, time: now });
    }
  }

  /** Resolves with `{ params, time }` of the next notification of `kind` that matches. */
  next(kind, matches, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const waiter = { kind, matches, resolve: undefined };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${kind} from the server`));
      }, timeoutMs);
      waiter.resolve = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits for the publication of `uri` at `version`. */
  diagnostics(uri, version) {
    return this.next('diagnostics', (params) => params.uri === uri && params.version === version);
  }

  /** Waits for the first status sent after indexing. */
  indexed(timeoutMs) {
    return this.next('status', (params) => params.indexing === false, timeoutMs);
  }

  /** Sends initialize; returns the time just before `initialized` is sent. */
  async initialize(folder) {
    const uri = uriOf(folder);
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      capabilities: {},
      initializationOptions: { settings: {} },
    });
    const start = performance.now();
    await this.connection.sendNotification('initialized', {});
    return start;
  }

  open(uri, text, version) {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version, text } });
  }

  change(uri, version, change) {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  }

  /** Returns VmRSS and VmHWM (peak RSS) of the server process in bytes, from /proc. */
  memory() {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const field = (name) => {
      const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
      if (!match) throw new Error(`/proc/${this.pid}/status has no ${name} line`);
      return Number(match[1]) * 1024;
    };
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  }

  /**
   * Returns the CPU time of the server process so far, user and system, in
   * ms, from /proc/PID/stat. It covers every thread, the lint workers too.
   */
  cpuTime() {
    const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // The fields after the command name, which is in brackets, start with the state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[14 - 3]) + Number(fields[15 - 3]);
    return (ticks * 1000) / clockTicksPerSecond();
  }

  /** Shuts the server down and waits for it to exit, so that a CPU profile is written. */
  async stop() {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const exit = await this.exited;
    this.connection.dispose();
    return exit;
  }
}
