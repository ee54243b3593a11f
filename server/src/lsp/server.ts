import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Connection,
  DidChangeConfigurationNotification,
  type DidChangeWatchedFilesParams,
  FileChangeType,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, type Config } from '../core/config';
import { lintText } from '../core/lint';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { completions } from './completion';
import { CONTROLS_REQUEST, listControls, NEW_CONTROL_REQUEST, type NewControlParams, newControl, REPORT_REQUEST, report } from './requests';
import { hover } from './hover';
import { definition, documentSymbols, prepareRename, references, rename, workspaceSymbols } from './navigation';
import { SOURCE, toDiagnostic } from './diagnostics';
import { ConfigStore } from './config-store';
import { DEFAULT_LINK_SETTINGS, LinkService, readLinkSettings } from './links';
import { findFiles, lintIndexFiles } from './indexing';
import { DEFAULT_SETTINGS, type IndexingOptions, readIndexingOptions, readSettings, type ServerSettings } from './settings';
import { ControlWorkspace, type Entry, type Folder, type IndexedFile, toFsPath, toUri } from './workspace';
import { type FileLintResult, readTextFile } from '../workers/lint-file';

/** Request from the "Check Reference Links" command; cancellable. */
export const CHECK_LINKS_REQUEST = 'controlStudio/checkLinks';
/** Notification of link check progress: `{ done, total }` distinct URLs. */
export const LINK_PROGRESS_NOTIFICATION = 'controlStudio/linkProgress';

/** Notification the client shows in its status bar. */
export const STATUS_NOTIFICATION = 'controlStudio/status';

export interface StatusParams {
  indexing: boolean;
  controls: number;
  files: number;
  errors: number;
  warnings: number;
}

/** Publications sent before waiting for them to be written. */
const PUBLISH_CHUNK = 200;

/** Serves diagnostics for control files over an LSP connection. */
export class ControlServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly configs: ConfigStore;
  private workspace: ControlWorkspace;
  private folders: Folder[] = [];
  private settings: ServerSettings = { ...DEFAULT_SETTINGS };
  private canPullConfiguration = false;
  private canShowProgress = false;
  private canRenameFiles = false;
  private indexing = false;
  /** Aborts the running indexing pass when a newer one starts. */
  private indexPass: AbortController | undefined;
  /** Entry keys that the main thread updated or removed during the running pass, whose results from disk are dropped. */
  private readonly changedWhileIndexing = new Set<string>();
  private indexingOptions: IndexingOptions = {};
  private readonly pending = new Set<string>();
  private flushScheduled = false;
  private readonly loggedErrors = new Set<string>();
  private readonly links: LinkService;

  /**
   * @param packageRoot The folder that contains docs/, for the rule links.
   * @param workerScript The lint worker's entry point, lint-worker.js.
   */
  constructor(
    private readonly connection: Connection,
    private readonly packageRoot: string,
    private readonly workerScript: string,
  ) {
    this.configs = new ConfigStore((message) => this.connection.console.error(message));
    this.links = new LinkService({ ...DEFAULT_LINK_SETTINGS }, packageVersion(packageRoot), (message) => this.connection.console.warn(message));
    this.workspace = new ControlWorkspace(this.workspaceOptions());
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.start());
    connection.onDidChangeConfiguration(() => void this.reloadSettings());
    connection.onDidChangeWatchedFiles((params) => this.filesChanged(params));
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onDefinition((params) => this.withEntry(params.textDocument.uri, [], (entry) => definition(this.workspace, entry, params.position)));
    connection.onReferences((params) =>
      this.withEntry(params.textDocument.uri, [], (entry) => references(this.workspace, entry, params.position, params.context.includeDeclaration)),
    );
    connection.onPrepareRename((params) => this.withEntry(params.textDocument.uri, null, (entry) => prepareRename(entry, params.position) ?? null));
    connection.onRenameRequest((params) =>
      this.withEntry(params.textDocument.uri, null, (entry) =>
        rename(this.workspace, entry, params.position, params.newName.trim(), {
          config: this.configFor(entry.uri),
          canRenameFiles: this.canRenameFiles,
          versionOf: (uri) => this.documents.get(uri)?.version ?? null,
        }),
      ),
    );
    connection.onDocumentSymbol((params) => this.withEntry(params.textDocument.uri, [], (entry) => documentSymbols(entry)));
    connection.onWorkspaceSymbol((params) => workspaceSymbols(this.workspace, params.query));
    connection.onRequest(CONTROLS_REQUEST, () => listControls(this.workspace));
    connection.onRequest(NEW_CONTROL_REQUEST, (params: NewControlParams) => newControl(this.workspace, this.configs.defaultConfig(), params) ?? null);
    connection.onRequest(REPORT_REQUEST, () => report(this.workspace, this.configs.defaultConfig()));
    connection.onCompletion((params) => {
      const document = this.documents.get(params.textDocument.uri);
      if (!document || !this.workspace.isControlFile(document.uri)) return [];
      const context = { document, workspace: this.workspace, config: this.configFor(document.uri) };
      return completions(context, document.offsetAt(params.position));
    });
    connection.onHover((params) => {
      const document = this.documents.get(params.textDocument.uri);
      if (!document) return null;
      return this.withEntry(document.uri, null, (entry) =>
        hover(
          { document, entry, workspace: this.workspace, config: this.configFor(entry.uri), linkStatus: (url) => this.links.describe(url) },
          document.offsetAt(params.position),
        ),
      );
    });
    this.documents.onDidOpen((event) => {
      this.schedule(event.document.uri);
      void this.checkDocumentLinks(event.document.uri);
    });
    this.documents.onDidSave((event) => void this.checkDocumentLinks(event.document.uri));
    connection.onRequest(CHECK_LINKS_REQUEST, (_params, token) => this.checkAllLinks(token));
    this.documents.onDidChangeContent((event) => this.schedule(event.document.uri));
    this.documents.onDidClose((event) => this.closed(event.document.uri));
    this.documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    this.canShowProgress = params.capabilities.window?.workDoneProgress === true;
    this.canRenameFiles = params.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('rename') === true;
    this.folders = (params.workspaceFolders ?? []).flatMap((folder) => {
      const fsPath = toFsPath(folder.uri);
      return fsPath ? [{ uri: folder.uri, fsPath, name: folder.name }] : [];
    });
    if (this.folders.length === 0 && params.rootUri) {
      const fsPath = toFsPath(params.rootUri);
      if (fsPath) this.folders = [{ uri: params.rootUri, fsPath, name: path.basename(fsPath) }];
    }
    this.settings = readSettings(params.initializationOptions?.settings ?? {});
    this.indexingOptions = readIndexingOptions(params.initializationOptions?.indexing);
    this.links.configure(readLinkSettings(params.initializationOptions?.links));
    this.workspace.configure(this.workspaceOptions());
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'Controls' },
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['"', '-', ':'] },
        hoverProvider: true,
      },
      serverInfo: { name: 'control-language-server' },
    };
  }

  private workspaceOptions(): ConstructorParameters<typeof ControlWorkspace>[0] {
    return {
      folders: this.folders,
      files: this.settings.files,
      overrides: this.settings.rules,
      configFor: (uri) => this.configFor(uri),
      linkResults: () => this.links.resultsForLint(),
      onRuleError: (uri, rule, error) => this.logRuleError(uri, rule, error),
    };
  }

  private configFor(uri: string): Config {
    return this.configs.configFor(this.workspace.folderOf(uri));
  }

  // Requests about a document see its latest text: a pending lint runs first.
  private withEntry<T, F>(uri: string, fallback: F, use: (entry: Entry) => T): T | F {
    const document = this.documents.get(uri);
    if (document && this.pending.delete(uri)) {
      const entry = this.lintOpen(document);
      if (entry) this.publishChanged([entry]);
    }
    const entry = this.workspace.get(uri);
    return entry ? use(entry) : fallback;
  }

  // Checks the links of one document when it is opened or saved, then re-lints it with the results.
  private async checkDocumentLinks(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document || !this.links.active || !this.workspace.isControlFile(uri)) return;
    try {
      const checked = await this.links.check(this.links.urlsOf(document.getText()));
      if (checked > 0) this.schedule(uri);
    } catch (error) {
      this.connection.console.error(`Checking the links of ${uri} failed: ${(error as Error).message}`);
    }
  }

  // Checks every reference URL of the workspace, reporting progress, until done or cancelled.
  private async checkAllLinks(token: CancellationToken): Promise<{ checked: number; cancelled: boolean }> {
    if (!this.links.active) return { checked: 0, cancelled: false };
    const texts = new Map<string, string>();
    for (const entry of this.workspace.all()) {
      const text = this.documents.get(entry.uri)?.getText() ?? readText(entry.uri);
      if (text !== undefined) texts.set(entry.uri, text);
    }
    const urls = [...texts.values()].flatMap((text) => this.links.urlsOf(text));
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
    let checked = 0;
    let cancelled = false;
    try {
      checked = await this.links.check(urls, (done, total) => void this.connection.sendNotification(LINK_PROGRESS_NOTIFICATION, { done, total }), controller.signal);
    } catch (error) {
      cancelled = controller.signal.aborted;
      if (!cancelled) throw error;
    } finally {
      subscription.dispose();
    }
    for (const [uri, text] of texts) {
      const document = this.documents.get(uri);
      this.lintSafely(uri, text, document?.version ?? null, document !== undefined);
    }
    await this.publishAll();
    return { checked, cancelled };
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const document = this.documents.get(params.textDocument.uri);
    if (!document || !this.workspace.isControlFile(document.uri)) return [];
    const options = this.workspace.lintOptions(document.uri);
    return codeActions(params, {
      document,
      lint: (text) => [...lintText(text, options).findings, ...this.links.findings(text, options.config, this.settings.rules)],
      packageRoot: this.packageRoot,
      canRenameFiles: this.canRenameFiles,
      fileExists: (uri) => fs.existsSync(toFsPath(uri) ?? ''),
      log: (message) => this.connection.console.warn(message),
    });
  }

  private async start(): Promise<void> {
    if (this.canPullConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'controlStudio' });
      await this.reloadSettings(false);
    }
    for (const folder of this.folders) this.publishConfigProblem(this.configs.load(folder));
    this.workspace.configure(this.workspaceOptions());
    await this.indexWorkspace();
  }

  private async reloadSettings(relint = true): Promise<void> {
    if (this.canPullConfiguration) {
      const [raw] = (await this.connection.workspace.getConfiguration([{ section: 'controlStudio' }])) as unknown[];
      this.settings = readSettings(raw);
      this.links.reload((raw as { links?: unknown } | undefined)?.links);
    }
    if (!relint) return;
    this.workspace.configure(this.workspaceOptions());
    await this.indexWorkspace();
  }

  // Reads and lints every control file of the workspace, on worker threads for
  // a large one, while requests and edits are served. A newer pass, started by
  // a change of settings, stops this one.
  private async indexWorkspace(): Promise<void> {
    this.indexPass?.abort();
    const pass = new AbortController();
    this.indexPass = pass;
    this.indexing = true;
    this.changedWhileIndexing.clear();
    const started = performance.now();
    const progress = this.canShowProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing controls', 0, 'Looking for control files', false);
    let linted: { files: number; workers: number };
    try {
      linted = await this.lintWorkspaceFiles(pass.signal, (done, total) => progress?.report(Math.round((done * 100) / Math.max(total, 1)), `${done} of ${total} files`));
    } catch (error) {
      if (pass.signal.aborted) return;
      throw error;
    } finally {
      progress?.done();
    }
    if (pass.signal.aborted) return;
    for (const document of this.documents.all()) this.lintOpen(document);
    this.indexPass = undefined;
    this.indexing = false;
    this.changedWhileIndexing.clear();
    await this.publishAll();
    const where = linted.workers === 0 ? 'on the main thread' : `on ${linted.workers} worker threads`;
    this.connection.console.info(`Indexed ${linted.files} control files ${where} in ${Math.round(performance.now() - started)} ms.`);
  }

  // Returns the number of files linted from disk and of the worker threads used.
  private async lintWorkspaceFiles(signal: AbortSignal, report: (done: number, total: number) => void): Promise<{ files: number; workers: number }> {
    const found = await findFiles(this.folders, this.settings.files, (folder, relative) => this.workspace.indexedFile(folder, relative));
    signal.throwIfAborted();
    // Open files are linted from their text in the editor.
    const files = found.filter((file) => !this.documents.get(file.uri));
    const workers = await lintIndexFiles(files, {
      workers: this.indexingOptions.workers,
      workerScript: this.workerScript,
      settingsFor: (folder) => this.workspace.lintSettings(this.configs.configFor(folder)),
      onResult: (file, result) => this.storeIndexed(file, result),
      onProgress: (done) => report(done, files.length),
      onWorkerError: (error) => this.connection.console.warn(`A lint worker thread failed, so its files are linted on the main thread: ${error.stack ?? error.message}`),
      signal,
    });
    return { files: files.length, workers };
  }

  // A result read from disk loses to what the main thread did to the file since.
  private storeIndexed(file: IndexedFile, result: FileLintResult): void {
    if (this.changedWhileIndexing.has(file.uri) || this.documents.get(file.uri)) return;
    if (result.status === 'linted') {
      this.workspace.storeClosed(file, result);
      return;
    }
    if (result.status === 'unreadable') this.connection.console.warn(`Cannot read ${file.fsPath}: ${result.detail}`);
    else this.logOnce(`lint:${file.uri}`, `Linting ${file.uri} failed: ${result.detail}`);
    this.workspace.remove(file.uri);
  }

  private readFromDisk(uri: string): Entry | undefined {
    const fsPath = toFsPath(uri);
    if (!fsPath || this.documents.get(uri)) return this.workspace.get(uri);
    let text: string;
    try {
      text = readTextFile(fsPath);
    } catch (error) {
      this.connection.console.warn(`Cannot read ${fsPath}: ${(error as Error).message}`);
      this.forget(uri);
      return undefined;
    }
    return this.lintSafely(uri, text, null, false);
  }

  private lintOpen(document: TextDocument): Entry | undefined {
    if (!this.workspace.isControlFile(document.uri)) return undefined;
    return this.lintSafely(document.uri, document.getText(), document.version, true);
  }

  // A failure outside the rules (which catch their own) is logged and the file skipped.
  private lintSafely(uri: string, text: string, version: number | null, open: boolean): Entry | undefined {
    if (this.indexing) this.changedWhileIndexing.add(this.workspace.keyOf(uri));
    try {
      return this.workspace.update(uri, text, version, open);
    } catch (error) {
      this.logOnce(`lint:${uri}`, `Linting ${uri} failed: ${(error as Error).stack ?? String(error)}`);
      this.workspace.remove(uri);
      return undefined;
    }
  }

  // Removes a file's entry. A running indexing pass keeps it removed.
  private forget(uri: string): boolean {
    if (this.indexing) this.changedWhileIndexing.add(this.workspace.keyOf(uri));
    return this.workspace.remove(uri);
  }

  // Edits are coalesced: the latest version of each changed document is linted once,
  // after the messages already received are handled, so a burst never builds a backlog.
  private schedule(uri: string): void {
    this.pending.add(uri);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const uris = [...this.pending];
    this.pending.clear();
    const touched: Entry[] = [];
    for (const uri of uris) {
      const document = this.documents.get(uri);
      const entry = document ? this.lintOpen(document) : undefined;
      if (entry) touched.push(entry);
    }
    this.publishChanged(touched);
  }

  private closed(uri: string): void {
    this.pending.delete(uri);
    if (!this.workspace.isControlFile(uri)) return;
    const entry = this.readFromDisk(uri);
    if (!entry) {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.publishChanged([]);
      return;
    }
    this.publishChanged([entry]);
  }

  private filesChanged(params: DidChangeWatchedFilesParams): void {
    const touched: Entry[] = [];
    const removed: string[] = [];
    for (const change of params.changes) {
      if (change.uri.endsWith(`/${CONFIG_FILE_NAME}`)) {
        void this.configChanged(change.uri);
        continue;
      }
      if (!this.workspace.isControlFile(change.uri) || this.documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        if (this.forget(change.uri)) removed.push(change.uri);
        continue;
      }
      const entry = this.readFromDisk(change.uri);
      if (entry) touched.push(entry);
      else removed.push(change.uri);
    }
    for (const uri of removed) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (touched.length > 0 || removed.length > 0) this.publishChanged(touched);
  }

  private async configChanged(uri: string): Promise<void> {
    const folder = this.folders.find((candidate) => `${toUri(candidate.fsPath)}/${CONFIG_FILE_NAME}` === uri || `${candidate.uri}/${CONFIG_FILE_NAME}` === uri);
    if (!folder) return;
    this.publishConfigProblem(this.configs.load(folder));
    await this.indexWorkspace();
  }

  private publishConfigProblem(problem: ReturnType<ConfigStore['load']>): void {
    if (!problem) return;
    const diagnostics = problem.message
      ? [{ range: problem.range, severity: 1 as const, source: SOURCE, code: 'config', message: problem.message }]
      : [];
    void this.connection.sendDiagnostics({ uri: problem.uri, diagnostics });
  }

  // While the index is incomplete, cross-file findings would be wrong (a cited
  // control may not be read yet), so nothing is published: the end of indexing
  // publishes every file.
  private publishChanged(touched: Entry[]): void {
    if (this.indexing) return;
    const changed = new Set<Entry>(touched);
    for (const entry of this.workspace.refreshCatalogue(this.configs.defaultConfig())) changed.add(entry);
    for (const entry of changed) void this.publish(entry);
    this.sendStatus();
  }

  // Publishes in chunks. Queued all at once, the messages of a large workspace
  // would all be in memory together. A chunk is built while the one before
  // is written, so that encoding overlaps the client's reading.
  private async publishAll(): Promise<void> {
    this.workspace.refreshCatalogue(this.configs.defaultConfig());
    let chunk: Array<Promise<void>> = [];
    let previous: Promise<unknown> = Promise.resolve();
    for (const entry of this.workspace.all()) {
      chunk.push(this.publish(entry));
      if (chunk.length < PUBLISH_CHUNK) continue;
      // A failed send is logged by the connection and ends nothing here.
      await previous;
      previous = Promise.allSettled(chunk);
      chunk = [];
    }
    await Promise.allSettled([previous, ...chunk]);
    this.sendStatus();
  }

  // Returns the promise of the send, which settles once the message is written.
  private publish(entry: Entry): Promise<void> {
    const document = this.documents.get(entry.uri);
    if (entry.open && document && document.version !== entry.version) return Promise.resolve();
    if (!entry.open && !this.settings.publishClosedFiles) {
      return this.connection.sendDiagnostics({ uri: entry.uri, diagnostics: [] });
    }
    const diagnostics = this.workspace.findings(entry).map((finding) => toDiagnostic(finding, this.packageRoot));
    const params = entry.open && entry.version !== null ? { uri: entry.uri, version: entry.version, diagnostics } : { uri: entry.uri, diagnostics };
    return this.connection.sendDiagnostics(params);
  }

  private sendStatus(): void {
    const counts = { errors: 0, warnings: 0 };
    let controls = 0;
    for (const entry of this.workspace.all()) {
      controls += entry.result.controls.length;
      this.workspace.countFindings(entry, counts);
    }
    const status: StatusParams = { indexing: this.indexing, controls, files: this.workspace.size, ...counts };
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }

  private logRuleError(uri: string, rule: string, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.logOnce(`${rule}:${uri}`, `Rule ${rule} failed on ${uri}; its findings are missing from this file: ${detail}`);
  }

  private logOnce(key: string, message: string): void {
    if (this.loggedErrors.has(key)) return;
    this.loggedErrors.add(key);
    this.connection.console.error(message);
  }

  listen(): void {
    this.connection.listen();
  }
}

function readText(uri: string): string | undefined {
  const fsPath = toFsPath(uri);
  if (!fsPath) return undefined;
  try {
    return readTextFile(fsPath);
  } catch {
    return undefined;
  }
}

function packageVersion(packageRoot: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
