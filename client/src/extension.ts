import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { linkOptions, registerLinkCommands } from './links';
import { createLogChannel } from './log';
import { registerRunCommands, type RunTestHooks } from './run/commands';
import { StatusItem, type StatusParams } from './status';
import { registerViews, type Views } from './views';

const STATUS_NOTIFICATION = 'controlStudio/status';
const CONTROL_FILES = ['**/controls/*.json', '**/Controls/*.json', '**/controls.json'];

let client: LanguageClient | undefined;

/** The extension's exports: the views, and hooks for the end-to-end tests that exist in test mode only. */
export interface ControlStudioExports extends Views {
  run: RunTestHooks | undefined;
}

/** The exports under the name the view tests use. */
export type ExtensionApi = ControlStudioExports;

export async function activate(context: vscode.ExtensionContext): Promise<ControlStudioExports> {
  const log = createLogChannel('Control Studio');
  const status = new StatusItem();
  // The language client keeps one handler per notification, so the status is
  // passed on to the views through this event.
  const statusChanged = new vscode.EventEmitter<StatusParams>();
  context.subscriptions.push(log.channel, status, statusChanged);
  context.subscriptions.push(
    vscode.commands.registerCommand('controlStudio.showOutput', () => log.channel.show(true)),
    vscode.commands.registerCommand('controlStudio.restartServer', async () => client?.restart()),
    vscode.commands.registerCommand('controlStudio.showRuleDocs', async (url: string) => {
      await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(url));
    }),
  );
  registerLinkCommands(context, () => client);
  // Trust changes what the server may do (check links), so it restarts with the new state.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(async () => client?.restart()));
  const selector = CONTROL_FILES.map((pattern) => ({ scheme: 'file', pattern }));
  const run = registerRunCommands(context, { client: () => client, log: log.channel, selector });
  client = createClient(context, log.channel);
  const views = registerViews(context, client, { onDidChangeStatus: statusChanged.event, log: log.channel });
  client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    status.update(params);
    statusChanged.fire(params);
  });
  await client.start();
  return { ...views, run };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.json'),
    vscode.workspace.createFileSystemWatcher('**/.controlstudio.json'),
  ];
  context.subscriptions.push(...watchers);
  const settings = vscode.workspace.getConfiguration('controlStudio');
  const clientOptions: LanguageClientOptions = {
    documentSelector: CONTROL_FILES.map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: { fileEvents: watchers },
    outputChannel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: {
      settings: { files: settings.get('files'), rules: settings.get('rules'), publishClosedFiles: settings.get('publishClosedFiles') },
      links: linkOptions(context),
      indexing: indexingOptions(),
    },
  };
  return new LanguageClient('controlStudio', 'Control Studio', serverOptions, clientOptions);
}

// The worker count is machine-scoped, so only a user or remote machine value is sent.
function indexingOptions(): { workers?: number } {
  const workers = vscode.workspace.getConfiguration('controlStudio').inspect<number | null>('indexing.workers')?.globalValue;
  return typeof workers === 'number' ? { workers } : {};
}
