import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../client/src/extension';
import type { ControlsNode, ControlsTreeProvider } from '../../../client/src/views/controls-tree';
import type { Views } from '../../../client/src/views';
import { waitUntil } from '../suite/wait';

// Extension identifier, `<publisher>.<name>` from package.json.
const extensionId = 'control-studio.control-studio';

/** Returns the extension's exports once it is active. */
export async function extensionApi(): Promise<ExtensionApi> {
  const extension = vscode.extensions.getExtension<ExtensionApi>(extensionId);
  assert.ok(extension, `${extensionId} is not among the installed extensions`);
  // Activation has no event in the VS Code API, so waitUntil polls the flag.
  await waitUntil(() => extension.isActive, { description: `${extensionId} to activate` });
  return extension.exports;
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/**
 * Resolves with the first value of `read()` that `isDone` accepts. `read()`
 * runs at once and again after each `recheckOn` event. Rejects after
 * `timeoutMs` (default 20 s) with the last value read.
 */
export function waitForValue<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  options: { description: string; recheckOn: vscode.Event<unknown>; timeoutMs?: number },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let last: T | undefined;
    let reading = false;
    let readAgain = false;
    let finished = false;
    const finish = (error: Error | undefined, value?: T) => {
      finished = true;
      clearTimeout(timer);
      subscription.dispose();
      if (error) {
        reject(error);
      } else {
        resolve(value as T);
      }
    };
    // An event during a read starts another read after it, never a parallel one.
    const check = async () => {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      do {
        readAgain = false;
        try {
          last = await read();
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (isDone(last)) {
          finish(undefined, last);
          return;
        }
      } while (readAgain && !finished);
      reading = false;
    };
    const subscription = options.recheckOn(() => void check());
    const timeoutMs = options.timeoutMs ?? 20_000;
    const timer = setTimeout(() => {
      finish(new Error(`Timed out after ${timeoutMs} ms waiting for ${options.description}; last value:\n${JSON.stringify(last, null, 2)}`));
    }, timeoutMs);
    void check();
  });
}

/**
 * Renders the whole Controls view as lines: a group as "label | description
 * | badge", a control indented as "icon color | label | description | badge".
 * The badge reads "3 list.errorForeground", or "-" for no decoration.
 */
export async function renderTree(views: Views): Promise<string[]> {
  const tree = views.controlsTree;
  const lines: string[] = [];
  for (const group of await tree.getChildren()) {
    lines.push(renderItem(tree.getTreeItem(group), views));
    for (const control of await tree.getChildren(group)) {
      lines.push(`  ${renderItem(tree.getTreeItem(control), views)}`);
    }
  }
  return lines;
}

function renderItem(item: vscode.TreeItem, views: Views): string {
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const description = typeof item.description === 'string' ? item.description : String(item.description);
  const icon = item.iconPath instanceof vscode.ThemeIcon ? `${item.iconPath.id} ${colorId(item.iconPath.color)} | ` : '';
  const decoration = item.resourceUri ? views.findingDecorations.provideFileDecoration(item.resourceUri) : undefined;
  const badge = decoration ? `${decoration.badge} ${colorId(decoration.color)}` : '-';
  return `${icon}${label} | ${description} | ${badge}`;
}

// ThemeColor keeps its id in a property that @types/vscode 1.91 leaves out.
function colorId(color: vscode.ThemeColor | undefined): string {
  return color === undefined ? '-' : String((color as unknown as { id: unknown }).id);
}

/** Waits until the Controls view renders as `expected`, re-reading it after each change event. */
export async function waitForTree(views: Views, expected: string[], description: string): Promise<void> {
  await waitForValue(
    () => renderTree(views),
    (lines) => JSON.stringify(lines) === JSON.stringify(expected),
    { description, recheckOn: views.controlsTree.onDidChangeTreeData },
  );
}

/** Returns the first control node with this id, searching every group. */
export async function findControl(tree: ControlsTreeProvider, id: string): Promise<Extract<ControlsNode, { kind: 'control' }>> {
  for (const group of await tree.getChildren()) {
    for (const node of await tree.getChildren(group)) {
      if (node.kind === 'control' && node.item.id === id) {
        return node;
      }
    }
  }
  assert.fail(`control ${id} is not in the Controls view`);
}
