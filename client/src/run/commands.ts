// Registers the run commands, their CodeLenses, the `control-script` file
// system and the context key that the editor menu uses.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OPEN_SCRIPT, RUN_CHECK, RUN_REMEDIATION, RUN_WHAT_IF, RunCodeLensProvider } from './codelens';
import { controlLabel } from './locate';
import { ControlRunner } from './runner';
import { SCRIPT_SCHEME, ScriptDocuments } from './script-documents';
import { ScriptStore } from './script-store';
import { resolveTarget, type ServerControl } from './target';
import { RunTerminals } from './terminals';
import { type RunUi, vscodeRunUi } from './ui';

/** Request of the language server that lists every indexed control. */
const CONTROLS_REQUEST = 'controlStudio/controls';
/** Context key: the active editor is a JSON file with a `"scriptTemplate"` key. */
const EDITOR_HAS_SCRIPT_KEY = 'controlStudio.editorHasScriptTemplate';

export interface RunOptions {
  /** The language client, once activate has created it. */
  client(): LanguageClient | undefined;
  log: vscode.LogOutputChannel;
  /** The control files, for the CodeLens. */
  selector: vscode.DocumentSelector;
}

/** Hooks for the end-to-end tests, in the extension's exports in test mode only. */
export interface RunTestHooks {
  /** Replaces parts of the run UI until the returned disposable is disposed. */
  setUi(overrides: Partial<RunUi>): vscode.Disposable;
  /** The folder that script files are written to, or undefined when there is none. */
  scriptFolder: string | undefined;
}

export function registerRunCommands(context: vscode.ExtensionContext, options: RunOptions): RunTestHooks | undefined {
  const { log } = options;
  let ui: RunUi = vscodeRunUi;
  const currentUi = (): RunUi => ui;
  const store = createStore(context, log);
  const execution = store ? { store, terminals: new RunTerminals(store, log) } : undefined;
  const documents = new ScriptDocuments(log);
  const lenses = new RunCodeLensProvider(currentUi);
  const listControls = (): Promise<ServerControl[]> => requestControls(options.client());
  const runner = new ControlRunner({ ui: currentUi, log, execution, workspaceState: context.workspaceState, listControls });
  const openScript = async (argument: unknown): Promise<void> => {
    const target = await resolveTarget(argument, { ui, listControls });
    if (target && 'error' in target) await ui.notify('error', target.error);
    else if (target) await documents.open(target.document, target.control, controlLabel(target.control));
  };
  const command = (id: string, handler: (argument: unknown) => Promise<void>): vscode.Disposable =>
    registerReportingCommand(id, handler, log, currentUi);

  if (execution) context.subscriptions.push(execution.terminals);
  context.subscriptions.push(
    documents,
    lenses,
    vscode.workspace.registerFileSystemProvider(SCRIPT_SCHEME, documents, { isCaseSensitive: true }),
    vscode.languages.registerCodeLensProvider(options.selector, lenses),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    command(RUN_CHECK, (argument) => runner.run('check', argument)),
    command(RUN_WHAT_IF, (argument) => runner.run('whatIf', argument)),
    command(RUN_REMEDIATION, (argument) => runner.run('remediation', argument)),
    command(OPEN_SCRIPT, openScript),
    trackEditorContext(),
  );

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    setUi(overrides) {
      const previous = ui;
      ui = { ...previous, ...overrides };
      lenses.refresh();
      return new vscode.Disposable(() => {
        ui = previous;
        lenses.refresh();
      });
    },
    scriptFolder: store?.folder,
  };
}

async function requestControls(client: LanguageClient | undefined): Promise<ServerControl[]> {
  if (!client?.isRunning()) throw new Error('the Control Studio language server is not running');
  return client.sendRequest<ServerControl[]>(CONTROLS_REQUEST);
}

// Registers a command whose errors are logged and shown, so none is lost in the extension host.
function registerReportingCommand(
  id: string,
  handler: (argument: unknown) => Promise<void>,
  log: vscode.LogOutputChannel,
  ui: () => RunUi,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (argument: unknown) => {
    try {
      await handler(argument);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${id} failed: ${message}`);
      await ui().notify('error', `Control Studio: ${message}`);
    }
  });
}

// Script files go to the workspace's storage folder, or the global one without a workspace.
// Files that a previous session left behind are deleted. NOTE: windows without a folder
// share the global one, so one that starts may delete a file that another has just written.
function createStore(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): ScriptStore | undefined {
  const root = context.storageUri ?? context.globalStorageUri;
  if (root.scheme !== 'file') {
    log.warn(`Control scripts cannot run: the extension's storage folder ${root.toString()} is not on the local file system.`);
    return undefined;
  }
  const store = new ScriptStore(vscode.Uri.joinPath(root, 'control-scripts').fsPath);
  store.removeAll().then(
    (count) => count > 0 && log.info(`Deleted ${count} script files left by an earlier session in ${store.folder}.`),
    (error: unknown) => log.error(`Could not clean ${store.folder}: ${error instanceof Error ? error.message : String(error)}`),
  );
  return store;
}

function trackEditorContext(): vscode.Disposable {
  let last: boolean | undefined;
  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    const isJson = !!document && ['json', 'jsonc'].includes(document.languageId);
    const value = isJson && document.getText().includes('"scriptTemplate"');
    if (value === last) return;
    last = value;
    void vscode.commands.executeCommand('setContext', EDITOR_HAS_SCRIPT_KEY, value);
  };
  update();
  return vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) update();
    }),
  );
}
