// The run settings. Both are machine-scoped, so VS Code reads them from user
// or remote machine settings only. Values in workspace settings are ignored
// here as well, because a workspace must not choose the program that runs or
// the code that runs before each script.
import * as vscode from 'vscode';
import { DEFAULT_POWERSHELL } from './executable';

export interface RunSettings {
  powershellPath: string;
  /** True when the user set the path; false when it is the default. */
  powershellConfigured: boolean;
  preamble: string;
  /** Settings with a workspace value that was ignored, for a log message. */
  ignoredWorkspaceValues: string[];
}

export function readRunSettings(): RunSettings {
  const config = vscode.workspace.getConfiguration('controlStudio');
  const ignored: string[] = [];
  const path = userValue(config, 'powershell.path', ignored);
  const preamble = userValue(config, 'powershell.preamble', ignored);
  return {
    powershellPath: path ?? DEFAULT_POWERSHELL,
    powershellConfigured: path !== undefined,
    preamble: preamble ?? '',
    ignoredWorkspaceValues: ignored,
  };
}

// Returns the user (or machine) value of a string setting, never a workspace one.
function userValue(config: vscode.WorkspaceConfiguration, key: string, ignored: string[]): string | undefined {
  const inspected = config.inspect<unknown>(key);
  if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
    ignored.push(`controlStudio.${key}`);
  }
  return typeof inspected?.globalValue === 'string' ? inspected.globalValue : undefined;
}
