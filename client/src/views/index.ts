// The authoring views: the Controls view in the explorer, the New Control
// command and the catalogue overview. Each reads the language server's index
// through custom requests and never reads control files itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { StatusParams } from '../status';
import { ControlIndex } from './control-index';
import { ControlsTreeProvider, FindingDecorationProvider, OPEN_CONTROL_COMMAND, openControl } from './controls-tree';
import { GROUP_BY_VALUES, type GroupBy, parseGroupBy } from './model';
import { newControl } from './new-control';
import { OverviewProvider, REPORT_SCHEME, showOverview } from './overview';

/** Id of the Controls view, as contributed in package.json. */
export const CONTROLS_VIEW = 'controlStudio.controls';

const GROUP_BY_SECTION = 'controlStudio';
const GROUP_BY_KEY = 'controlsView.groupBy';

// Context key in the `when` clause of the Controls view and its commands.
const HAS_CONTROLS_KEY = 'controlStudio.hasControls';

/** Services that the extension passes to the views besides the language client. */
export interface ViewsHost {
  /** Fires for every `controlStudio/status` notification of the server. */
  onDidChangeStatus: vscode.Event<StatusParams>;
  log: vscode.LogOutputChannel;
}

/** Objects of the views that the end-to-end tests reach through the extension's exports. */
export interface Views {
  controlsTree: ControlsTreeProvider;
  findingDecorations: FindingDecorationProvider;
}

/** Registers the Controls view, its commands and the overview document. */
export function registerViews(context: vscode.ExtensionContext, client: LanguageClient, host: ViewsHost): Views {
  const index = new ControlIndex(client, host.log);
  const controlsTree = new ControlsTreeProvider(index, readGroupBy);
  const treeView = vscode.window.createTreeView(CONTROLS_VIEW, { treeDataProvider: controlsTree, showCollapseAll: true });
  treeView.description = groupByDescription(readGroupBy());
  const findingDecorations = new FindingDecorationProvider();
  const overview = new OverviewProvider(client, index);
  let hasControls: boolean | undefined;

  context.subscriptions.push(
    index,
    controlsTree,
    treeView,
    overview,
    vscode.window.registerFileDecorationProvider(findingDecorations),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, overview),
    host.onDidChangeStatus((status) => {
      index.statusChanged();
      if (hasControls !== status.controls > 0) {
        hasControls = status.controls > 0;
        void vscode.commands.executeCommand('setContext', HAS_CONTROLS_KEY, hasControls);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${GROUP_BY_SECTION}.${GROUP_BY_KEY}`)) {
        treeView.description = groupByDescription(readGroupBy());
        controlsTree.refresh();
      }
    }),
    vscode.commands.registerCommand(OPEN_CONTROL_COMMAND, openControl),
    vscode.commands.registerCommand('controlStudio.newControl', (input?: unknown) => newControl(client, index, input)),
    vscode.commands.registerCommand('controlStudio.showOverview', () => showOverview(overview)),
    ...GROUP_BY_VALUES.map((groupBy) => vscode.commands.registerCommand(groupByCommand(groupBy), () => setGroupBy(groupBy))),
  );
  return { controlsTree, findingDecorations };
}

function readGroupBy(): GroupBy {
  return parseGroupBy(vscode.workspace.getConfiguration(GROUP_BY_SECTION).get(GROUP_BY_KEY));
}

function groupByDescription(groupBy: GroupBy): string {
  return `by ${groupBy}`;
}

/** Returns the id of the command that switches to a grouping, e.g. controlStudio.controlsView.groupBySeverity. */
function groupByCommand(groupBy: GroupBy): string {
  return `controlStudio.controlsView.groupBy${groupBy[0]?.toUpperCase()}${groupBy.slice(1)}`;
}

// Writes to the workspace settings when they set the grouping, because a
// workspace value would hide a change to the user settings. Else writes to
// the user settings.
async function setGroupBy(groupBy: GroupBy): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(GROUP_BY_SECTION);
  const inspected = configuration.inspect(GROUP_BY_KEY);
  const target = inspected?.workspaceValue === undefined ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace;
  await configuration.update(GROUP_BY_KEY, groupBy, target);
}
