import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { REPO_ROOT } from '../helpers';

const TIMEOUT_MS = 10_000;

interface Waiter {
  matches: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

interface NotificationWaiter {
  method: string;
  matches: (params: unknown) => boolean;
  resolve: (params: unknown) => void;
}

/** The server bundle that `npm run build` writes. */
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist', 'server.js');

/** A language client for tests: starts the bundled server over stdio and records what it publishes. */
export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly logs: string[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly notificationWaiters: NotificationWaiter[] = [];
  private readonly process: ChildProcess;
  readonly connection: MessageConnection;

  constructor(serverBundle = SERVER_BUNDLE) {
    this.process = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: 'pipe' });
    const stdout = this.process.stdout;
    const stdin = this.process.stdin;
    if (!stdout || !stdin) throw new Error('the server process has no stdio pipes');
    this.connection = createMessageConnection(new StreamMessageReader(stdout), new StreamMessageWriter(stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (!waiter.matches(params)) continue;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      for (const waiter of [...this.notificationWaiters]) {
        if (waiter.method !== method || !waiter.matches(params)) continue;
        this.notificationWaiters.splice(this.notificationWaiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    });
    this.connection.listen();
  }

  async initialize(folder: string, settings: unknown = {}, capabilities: object = {}, links: unknown = {}, indexing?: unknown): Promise<void> {
    const uri = uriOf(folder);
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      capabilities,
      initializationOptions: indexing === undefined ? { settings, links } : { settings, links, indexing },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the first publication, past or future, that satisfies the predicate. */
  diagnostics(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const matches = (params: PublishDiagnosticsParams): boolean => params.uri === uri && predicate(params);
    const earlier = this.published.find(matches);
    if (earlier) return Promise.resolve(earlier);
    return this.next(matches);
  }

  /** Resolves with the next publication from now on that satisfies the predicate. */
  next(matches: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { matches, resolve };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching diagnostics within ${TIMEOUT_MS} ms; published: ${JSON.stringify(this.published.map((p) => [p.uri, p.version, p.diagnostics.length]))}`));
      }, TIMEOUT_MS);
      waiter.resolve = (params) => {
        clearTimeout(timer);
        resolve(params);
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the first notification of `method`, past or future, whose params satisfy the predicate. */
  notification<T>(method: string, predicate: (params: T) => boolean = () => true): Promise<T> {
    const matches = (params: unknown): boolean => predicate(params as T);
    const earlier = this.notifications.find((notification) => notification.method === method && matches(notification.params));
    if (earlier) return Promise.resolve(earlier.params as T);
    return new Promise((resolve, reject) => {
      const waiter: NotificationWaiter = { method, matches, resolve: (params) => resolve(params as T) };
      const timer = setTimeout(() => {
        this.notificationWaiters.splice(this.notificationWaiters.indexOf(waiter), 1);
        reject(new Error(`no matching ${method} notification within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      waiter.resolve = (params) => {
        clearTimeout(timer);
        resolve(params as T);
      };
      this.notificationWaiters.push(waiter);
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  filesChanged(changes: Array<{ uri: string; type: 1 | 2 | 3 }>): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.process.kill();
    }
  }
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** Reduces diagnostics to what tests pin: code, severity and 0-based range. */
export function pinDiagnostics(diagnostics: Diagnostic[]): Array<[string, number, number, number, number, number]> {
  return diagnostics.map((d) => [String(d.code), d.severity ?? 0, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
}
