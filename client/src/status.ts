import * as vscode from 'vscode';

/** Catalogue state sent by the server after each change. */
export interface StatusParams {
  indexing: boolean;
  controls: number;
  files: number;
  errors: number;
  warnings: number;
}

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
    const icon = status.indexing ? '$(sync~spin)' : status.errors > 0 ? '$(error)' : status.warnings > 0 ? '$(warning)' : '$(pass)';
    this.item.text = `${icon} ${controls}: ${status.errors} errors, ${status.warnings} warnings`;
    this.item.tooltip = `${controls} in ${status.files} files. Click to open the Problems panel.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
