// One terminal per control, running PowerShell, into which runs send
// `& '<script file>'`. A terminal starts the session preamble once, and is
// replaced when the PowerShell path or the preamble changed since it started.
// NOTE: the end-to-end tests drive this with a PowerShell stand-in that
// writes VS Code's shell integration sequences. Real pwsh with VS Code's
// integration script has not been run against it.
import * as vscode from 'vscode';
import { dotSourceLine, invocationLine } from './powershell-quoting';
import type { ScriptStore } from './script-store';
import {
  onDidChangeShellIntegration,
  onDidEndShellExecution,
  type ShellExecution,
  type ShellIntegration,
  shellIntegrationOf,
} from './shell-integration';

// How long a new terminal may take to announce shell integration before runs
// fall back to sendText. Without integration, this wait is also what lets
// PowerShell start before the first command line arrives. NOTE: an estimate;
// pwsh with VS Code's integration script usually starts within a few seconds.
const SHELL_INTEGRATION_TIMEOUT_MS = 10_000;

/** The terminal a run needs. */
export interface TerminalRequest {
  /** Runs with the same key share a terminal. */
  key: string;
  name: string;
  /** Full path of the PowerShell executable. */
  executable: string;
  /** PowerShell run once when the terminal starts; empty for none. */
  preamble: string;
  cwd: vscode.Uri | undefined;
}

export type RunResult =
  | { kind: 'finished'; exitCode: number | undefined; terminalName: string }
  | { kind: 'sent'; terminalName: string }
  | { kind: 'closed'; terminalName: string }
  | { kind: 'preambleFailed'; exitCode: number; terminalName: string };

interface Session {
  terminal: vscode.Terminal;
  executable: string;
  preamble: string;
  /** Script files that this terminal may still read; deleted when it closes. */
  files: Set<string>;
  shell: Promise<ShellIntegration | undefined>;
  /** Resolves with the preamble's exit code, 0 when there is none or it is unknown. */
  preambleExit: Promise<number>;
}

export class RunTerminals implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly store: ScriptStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(vscode.window.onDidCloseTerminal((terminal) => this.closed(terminal)));
  }

  /**
   * Runs a script file in the request's terminal, creating the terminal when
   * needed. With shell integration it resolves when the script ends, with its
   * exit code; without, once the command line has been sent. The script file
   * and the files it calls are deleted after the run, or when the terminal closes.
   */
  async run(request: TerminalRequest, scriptFile: string, calledFiles: readonly string[] = []): Promise<RunResult> {
    const session = this.sessionFor(request);
    const terminalName = session.terminal.name;
    const files = [scriptFile, ...calledFiles];
    for (const file of files) session.files.add(file);
    session.terminal.show(true);

    let preambleExit: number;
    try {
      preambleExit = await session.preambleExit;
    } catch (error) {
      // The preamble file could not be written; the next run starts afresh.
      this.sessions.delete(request.key);
      session.terminal.dispose();
      throw error;
    }
    if (preambleExit !== 0) {
      this.sessions.delete(request.key);
      await this.removeFiles(session, files);
      return { kind: 'preambleFailed', exitCode: preambleExit, terminalName };
    }
    if (session.terminal.exitStatus !== undefined) return { kind: 'closed', terminalName };

    const shell = await session.shell;
    const line = invocationLine(scriptFile);
    if (!shell || !onDidEndShellExecution) {
      session.terminal.sendText(line, true);
      return { kind: 'sent', terminalName };
    }
    const exit = await this.execute(session.terminal, shell, line);
    await this.removeFiles(session, files);
    return exit === 'closed' ? { kind: 'closed', terminalName } : { kind: 'finished', exitCode: exit, terminalName };
  }

  // Creates sessions synchronously, so two runs started together share one terminal.
  private sessionFor(request: TerminalRequest): Session {
    const existing = this.sessions.get(request.key);
    if (existing && existing.terminal.exitStatus === undefined) {
      if (existing.executable === request.executable && existing.preamble === request.preamble) return existing;
      this.log.info(`Replacing terminal "${existing.terminal.name}": the PowerShell path or the session preamble changed.`);
      existing.terminal.dispose();
    }
    const session = this.createSession(request);
    this.sessions.set(request.key, session);
    return session;
  }

  private createSession(request: TerminalRequest): Session {
    const terminal = vscode.window.createTerminal({
      name: request.name,
      shellPath: request.executable,
      // VS Code (1.139) injects its PowerShell shell integration only for a few argument lists:
      // none, -NoLogo, or a login switch.
      shellArgs: ['-NoLogo'],
      ...(request.cwd ? { cwd: request.cwd } : {}),
      iconPath: new vscode.ThemeIcon('shield'),
      // A restored terminal would not know its script files, so none is restored.
      isTransient: true,
    });
    this.log.info(`Started terminal "${terminal.name}" with ${request.executable}.`);
    const session: Session = {
      terminal,
      executable: request.executable,
      preamble: request.preamble,
      files: new Set<string>(),
      shell: waitForShell(terminal),
      preambleExit: Promise.resolve(0),
    };
    if (request.preamble.trim() !== '') session.preambleExit = this.runPreamble(session);
    return session;
  }

  // Dot-sources the preamble, so the session and commands it imports stay for later runs.
  private async runPreamble(session: Session): Promise<number> {
    const preambleFile = await this.store.write(session.preamble);
    session.files.add(preambleFile);
    const shell = await session.shell;
    const line = dotSourceLine(preambleFile);
    if (!shell || !onDidEndShellExecution) {
      session.terminal.sendText(line, true);
      return 0;
    }
    const exit = await this.execute(session.terminal, shell, line);
    await this.removeFiles(session, [preambleFile]);
    if (exit === 'closed') return 0;
    if (exit !== undefined && exit !== 0) {
      this.log.error(`The session preamble failed with exit code ${exit} in terminal "${session.terminal.name}".`);
    }
    return exit ?? 0;
  }

  // Resolves with the exit code of the command line, or 'closed' when the terminal closes first.
  private execute(
    terminal: vscode.Terminal,
    shell: ShellIntegration,
    line: string,
  ): Promise<number | undefined | 'closed'> {
    return new Promise((resolve) => {
      const subscriptions: vscode.Disposable[] = [];
      const finish = (result: number | undefined | 'closed'): void => {
        for (const subscription of subscriptions) subscription.dispose();
        resolve(result);
      };
      let execution: ShellExecution | undefined;
      if (onDidEndShellExecution) {
        const onEnd = onDidEndShellExecution;
        subscriptions.push(
          onEnd((event) => {
            if (event.execution === execution) finish(event.exitCode);
          }),
        );
      }
      subscriptions.push(
        vscode.window.onDidCloseTerminal((closed) => {
          if (closed === terminal) finish('closed');
        }),
      );
      execution = shell.executeCommand(line);
    });
  }

  private closed(terminal: vscode.Terminal): void {
    for (const [key, session] of this.sessions) {
      if (session.terminal !== terminal) continue;
      this.sessions.delete(key);
      void this.removeFiles(session, [...session.files]);
    }
  }

  private async removeFiles(session: Session, files: readonly string[]): Promise<void> {
    for (const file of files) {
      session.files.delete(file);
      try {
        await this.store.remove(file);
      } catch (error) {
        this.log.error(`Could not delete the script file ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const session of this.sessions.values()) session.terminal.dispose();
    this.sessions.clear();
  }
}

// Waits until the shell process runs, then for its shell integration, which
// PowerShell announces once its prompt is ready. Resolves with undefined when
// the API is missing, the process failed or the timeout passed.
async function waitForShell(terminal: vscode.Terminal): Promise<ShellIntegration | undefined> {
  const processId = await terminal.processId;
  if (processId === undefined) return undefined;
  const current = shellIntegrationOf(terminal);
  if (current || !onDidChangeShellIntegration) return current;
  const onChange = onDidChangeShellIntegration;
  return new Promise((resolve) => {
    const subscriptions: vscode.Disposable[] = [];
    const finish = (shell: ShellIntegration | undefined): void => {
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      resolve(shell);
    };
    const timer = setTimeout(() => finish(undefined), SHELL_INTEGRATION_TIMEOUT_MS);
    subscriptions.push(
      onChange((event) => {
        if (event.terminal === terminal) finish(event.shellIntegration);
      }),
      vscode.window.onDidCloseTerminal((closed) => {
        if (closed === terminal) finish(undefined);
      }),
    );
  });
}
