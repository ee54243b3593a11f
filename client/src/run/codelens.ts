// CodeLenses above each `"scriptTemplate"` key: the run commands in a trusted
// workspace, and "Open as PowerShell" in any workspace.
import * as vscode from 'vscode';
import { parseDocument } from '../../../server/src/core/parse';
import { controlsIn } from './locate';
import type { ControlArgument } from './target';
import type { RunUi } from './ui';

export const RUN_CHECK = 'controlStudio.runCheck';
export const RUN_WHAT_IF = 'controlStudio.runRemediationWhatIf';
export const RUN_REMEDIATION = 'controlStudio.runRemediation';
export const OPEN_SCRIPT = 'controlStudio.openScriptTemplate';

export class RunCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly ui: () => RunUi) {}

  /** Asks VS Code for new lenses, e.g. after the workspace became trusted. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    // Most JSON files have no script template; skip parsing them.
    if (!text.includes('"scriptTemplate"')) return [];
    const trusted = this.ui().isTrusted();
    const lenses: vscode.CodeLens[] = [];
    for (const control of controlsIn(parseDocument(text))) {
      if (!control.scriptNode || !control.scriptProperty) continue;
      const line = document.positionAt(control.scriptProperty.offset).line;
      const range = new vscode.Range(line, 0, line, 0);
      const argument: ControlArgument = { uri: document.uri.toString(), offset: control.scriptNode.offset };
      const lens = (title: string, command: string, tooltip: string): vscode.CodeLens =>
        new vscode.CodeLens(range, { title, command, tooltip, arguments: [argument] });
      if (trusted) {
        lenses.push(
          lens('Run Check', RUN_CHECK, 'Run the diagnostics part with $WhatIfPreference set'),
          lens('Run What If', RUN_WHAT_IF, 'Run the whole template with $WhatIfPreference set'),
          lens('Run Remediation', RUN_REMEDIATION, 'Run the whole template, after a confirmation'),
        );
      }
      lenses.push(lens('Open as PowerShell', OPEN_SCRIPT, 'Edit the script template in a PowerShell editor'));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
