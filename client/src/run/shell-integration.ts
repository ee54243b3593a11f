// The terminal shell integration API became stable in VS Code 1.93, and the
// extension still supports 1.91 (@types/vscode 1.91 lacks it). So the parts
// that runs use are declared here and looked up at run time. Where they are
// missing, runs fall back to sendText and report no exit code.
import * as vscode from 'vscode';

/** A command line that shell integration started. */
export interface ShellExecution {
  readonly commandLine: { readonly value: string };
}

/** Shell integration of one terminal. */
export interface ShellIntegration {
  executeCommand(commandLine: string): ShellExecution;
}

interface ShellIntegrationChangeEvent {
  readonly terminal: vscode.Terminal;
  readonly shellIntegration: ShellIntegration;
}

interface ShellExecutionEndEvent {
  readonly terminal: vscode.Terminal;
  readonly execution: ShellExecution;
  readonly exitCode: number | undefined;
}

interface ShellIntegrationEvents {
  readonly onDidChangeTerminalShellIntegration?: vscode.Event<ShellIntegrationChangeEvent>;
  readonly onDidEndTerminalShellExecution?: vscode.Event<ShellExecutionEndEvent>;
}

const events = vscode.window as unknown as ShellIntegrationEvents;

/** Returns the terminal's shell integration once the shell has announced it. */
export function shellIntegrationOf(terminal: vscode.Terminal): ShellIntegration | undefined {
  return (terminal as unknown as { shellIntegration?: ShellIntegration }).shellIntegration;
}

/** Fires when a terminal's shell integration starts or changes; undefined before VS Code 1.93. */
export const onDidChangeShellIntegration = events.onDidChangeTerminalShellIntegration;

/** Fires when a command started through shell integration ends; undefined before VS Code 1.93. */
export const onDidEndShellExecution = events.onDidEndTerminalShellExecution;
