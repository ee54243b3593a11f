import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/server';

export type { StatusParams };

/** The status bar item showing the catalogue's state; a click opens the Problems panel. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('controlStudio.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Control Studio';
    this.item.command = 'workbench.actions.view.problems';
    this.item.text = '$(sync~spin) Controls';
    this.item.tooltip = 'Control Studio is indexing the controls of this workspace';
    this.item.show();
  }

  update(status: StatusParams): void {
    const controls = `${status.controls} control${status.controls === 1 ? '' : 's'}`;
    let icon = '$(pass)';
    if (status.indexing) icon = '$(sync~spin)';
    else if (status.errors > 0) icon = '$(error)';
    else if (status.warnings > 0) icon = '$(warning)';
    this.item.text = `${icon} ${controls}: ${status.errors} errors, ${status.warnings} warnings`;
    this.item.tooltip = `${controls} in ${status.files} files. Click to open the Problems panel.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
