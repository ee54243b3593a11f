// The dialogs, pickers and notifications of runs, behind one interface so that
// the end-to-end tests can replace them (see RunTestHooks in commands.ts).
import * as vscode from 'vscode';

/** A control offered in the picker. */
export interface ControlPickItem {
  id: string;
  title: string;
  /** Workspace-relative file, shown as detail. */
  file: string;
}

export interface ConfirmRequest {
  message: string;
  detail: string;
  /** Label of the button that confirms; closing the dialog cancels. */
  action: string;
}

export interface PlaceholderRequest {
  control: string;
  /** `<Server>` or `DatabaseName`. */
  name: string;
  /** 1-based lines of the script that use the placeholder. */
  lines: number[];
  /** The value entered last time in this workspace. */
  value: string | undefined;
  validate(value: string): string | undefined;
}

export type NoticeKind = 'info' | 'warning' | 'error';

export interface RunUi {
  isTrusted(): boolean;
  /** Shows a modal dialog; resolves with true only when the user chose `action`. */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** Resolves with the value entered, or undefined when the input was cancelled. */
  askPlaceholder(request: PlaceholderRequest): Promise<string | undefined>;
  pickControl<T extends ControlPickItem>(items: readonly T[], placeHolder: string): Promise<T | undefined>;
  /** Shows a notification; resolves with the action chosen, if any. */
  notify(kind: NoticeKind, message: string, ...actions: string[]): Promise<string | undefined>;
}

/** The UI of VS Code. */
export const vscodeRunUi: RunUi = {
  isTrusted: () => vscode.workspace.isTrusted,

  async confirm(request) {
    const options = { modal: true, detail: request.detail };
    const choice = await vscode.window.showWarningMessage(request.message, options, request.action);
    return choice === request.action;
  },

  askPlaceholder(request) {
    const lines = request.lines.length === 1 ? `line ${request.lines[0]}` : `lines ${request.lines.join(', ')}`;
    return Promise.resolve(
      vscode.window.showInputBox({
        title: `${request.control}: value for ${request.name}`,
        prompt: `Replaces ${request.name} on ${lines} of the script. It is inserted as text, never as code.`,
        ...(request.value === undefined ? {} : { value: request.value }),
        ignoreFocusOut: true,
        validateInput: (value) => request.validate(value),
      }),
    );
  },

  async pickControl(items, placeHolder) {
    const picks = items.map((item) => ({ label: item.id, description: item.title, detail: item.file, item }));
    const picked = await vscode.window.showQuickPick(picks, { placeHolder, matchOnDescription: true, matchOnDetail: true });
    return picked?.item;
  },

  notify(kind, message, ...actions) {
    if (kind === 'error') return Promise.resolve(vscode.window.showErrorMessage(message, ...actions));
    if (kind === 'warning') return Promise.resolve(vscode.window.showWarningMessage(message, ...actions));
    return Promise.resolve(vscode.window.showInformationMessage(message, ...actions));
  },
};
