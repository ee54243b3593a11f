import * as vscode from 'vscode';
import type { ControlIndex } from './control-index';
import {
  type ControlGroup,
  type GroupBy,
  controlLabel,
  controlTooltip,
  findingDecoration,
  groupControls,
  groupCounts,
  groupDescription,
  severityIcon,
} from './model';
import type { ControlItem } from './protocol';

/** Command that a click on a control runs: it opens the control's file at the control. */
export const OPEN_CONTROL_COMMAND = 'controlStudio.openControl';

/**
 * URI scheme of the tree items' `resourceUri`. The URI carries a node's error
 * and warning counts, which FindingDecorationProvider shows as a badge.
 */
export const FINDINGS_SCHEME = 'control-findings';

/** A node of the Controls view: a group, or a control inside the group with `groupKey`. */
export type ControlsNode = { kind: 'group'; group: ControlGroup } | { kind: 'control'; item: ControlItem; groupKey: string };

/** Tree of the Controls view: the server's controls, grouped by the property that `groupBy()` returns. */
export class ControlsTreeProvider implements vscode.TreeDataProvider<ControlsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly index: ControlIndex,
    readonly groupBy: () => GroupBy,
  ) {
    this.subscription = index.onDidChange(() => this.changed.fire());
  }

  /** Redraws the whole tree, e.g. after the grouping changed. */
  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: ControlsNode): Promise<ControlsNode[]> {
    if (node === undefined) {
      const groups = groupControls(await this.index.items(), this.groupBy());
      return groups.map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group') {
      return node.group.controls.map((item) => ({ kind: 'control', item, groupKey: node.group.key }));
    }
    return [];
  }

  getTreeItem(node: ControlsNode): vscode.TreeItem {
    return node.kind === 'group' ? groupTreeItem(node.group) : controlTreeItem(node.item, node.groupKey);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function groupTreeItem(group: ControlGroup): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
  treeItem.id = group.key;
  treeItem.description = groupDescription(group);
  treeItem.resourceUri = findingsUri(group.label, groupCounts(group));
  treeItem.contextValue = 'controlGroup';
  return treeItem;
}

function controlTreeItem(item: ControlItem, groupKey: string): vscode.TreeItem {
  const treeItem = new vscode.TreeItem(controlLabel(item), vscode.TreeItemCollapsibleState.None);
  // A control sits under several framework groups, and a catalogue may hold
  // one id twice, so the id names the group and the control's place.
  treeItem.id = `${groupKey}|${item.uri}|${item.range.start.line}:${item.range.start.character}`;
  treeItem.description = item.title;
  treeItem.tooltip = controlTooltip(item);
  treeItem.resourceUri = findingsUri(item.id, item);
  const icon = severityIcon(item.severity);
  treeItem.iconPath = new vscode.ThemeIcon(icon.icon, icon.color === undefined ? undefined : new vscode.ThemeColor(icon.color));
  treeItem.contextValue = 'control';
  treeItem.command = { command: OPEN_CONTROL_COMMAND, title: 'Open Control', arguments: [item] };
  return treeItem;
}

function findingsUri(name: string, counts: Pick<ControlItem, 'errors' | 'warnings'>): vscode.Uri {
  return vscode.Uri.from({ scheme: FINDINGS_SCHEME, path: `/${name}`, query: `errors=${counts.errors}&warnings=${counts.warnings}` });
}

/** Shows the error and warning counts of the Controls view's nodes as badges, as the explorer does for files. */
export class FindingDecorationProvider implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== FINDINGS_SCHEME) {
      return undefined;
    }
    const query = new URLSearchParams(uri.query);
    const decoration = findingDecoration({ errors: Number(query.get('errors')), warnings: Number(query.get('warnings')) });
    if (!decoration) {
      return undefined;
    }
    return new vscode.FileDecoration(decoration.badge, decoration.tooltip, new vscode.ThemeColor(decoration.color));
  }
}

/** Opens a control's file with the cursor at the start of the control and the control at the top. */
export async function openControl(item: ControlItem): Promise<vscode.TextEditor> {
  const { start, end } = item.range;
  const startPosition = new vscode.Position(start.line, start.character);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(item.uri), {
    selection: new vscode.Range(startPosition, startPosition),
  });
  editor.revealRange(new vscode.Range(startPosition, new vscode.Position(end.line, end.character)), vscode.TextEditorRevealType.AtTop);
  return editor;
}
