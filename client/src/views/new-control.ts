import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ControlIndex } from './control-index';
import {
  CATEGORIES,
  firstPlaceholder,
  inputProblem,
  type NewControlInput,
  pickControlsFolder,
  SEVERITIES,
  SUBJECTS,
  titleProblem,
} from './fields';
import { NEW_CONTROL_REQUEST, type NewControlResult } from './protocol';

// The server builds ids from the configured prefix and category code. Any other
// text could name a path outside the controls folder.
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

const NO_FOLDER_MESSAGE = 'New Control needs a workspace folder to write the control into. Open a folder and run it again.';

/**
 * Asks for the answers that `argument` leaves out, takes the next free id from
 * the language server, writes `controls/<id>.json` and opens it with the first
 * placeholder selected. Returns the new file, or undefined when the user
 * cancelled or the file could not be written (the user is told why).
 */
export async function newControl(client: LanguageClient, index: ControlIndex, argument: unknown): Promise<vscode.Uri | undefined> {
  if ((vscode.workspace.workspaceFolders ?? []).length === 0) {
    void vscode.window.showErrorMessage(NO_FOLDER_MESSAGE);
    return undefined;
  }
  const input = inputFromArgument(argument);
  const problem = inputProblem(input);
  if (problem) {
    void vscode.window.showErrorMessage(`New Control: ${problem}`);
    return undefined;
  }
  const answers = await askMissing(input);
  if (!answers) {
    return undefined;
  }
  const result = await requestNewControl(client, answers);
  if (!result) {
    return undefined;
  }
  const folder = await controlsFolder(index);
  if (!folder) {
    void vscode.window.showErrorMessage(NO_FOLDER_MESSAGE);
    return undefined;
  }
  const target = vscode.Uri.joinPath(folder, `${result.id}.json`);
  if (!(await writeNewFile(target, result.id, result.text))) {
    return undefined;
  }
  await showWithPlaceholder(target, result.text);
  return target;
}

// Commands receive whatever their caller passes, so keep only string answers.
function inputFromArgument(argument: unknown): Partial<NewControlInput> {
  if (typeof argument !== 'object' || argument === null) {
    return {};
  }
  const input: Partial<NewControlInput> = {};
  for (const key of ['category', 'title', 'severity', 'subject'] as const) {
    const value = (argument as Record<string, unknown>)[key];
    if (typeof value === 'string') {
      input[key] = value;
    }
  }
  return input;
}

async function askMissing(input: Partial<NewControlInput>): Promise<NewControlInput | undefined> {
  const category = input.category ?? (await pickCategory());
  if (category === undefined) {
    return undefined;
  }
  const title = input.title ?? (await askTitle());
  if (title === undefined) {
    return undefined;
  }
  const severity = input.severity ?? (await pickSeverity());
  if (severity === undefined) {
    return undefined;
  }
  const subject = input.subject ?? (await pickSubject());
  if (subject === undefined) {
    return undefined;
  }
  return { category, title: title.trim(), severity, subject };
}

async function pickCategory(): Promise<string | undefined> {
  const items = CATEGORIES.map((category) => ({ label: category.name, description: category.code }));
  const picked = await vscode.window.showQuickPick(items, stepOptions(1, 'Category of the new control'));
  return picked?.label;
}

function askTitle(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'New Control (2/4)',
    prompt: 'Title: a short noun phrase of at most 80 characters, without a period at the end.',
    ignoreFocusOut: true,
    validateInput: titleProblem,
  });
}

async function pickSeverity(): Promise<string | undefined> {
  const items = SEVERITIES.map((severity) => ({ label: severity.name, description: `severityWeight ${severity.weights}` }));
  const picked = await vscode.window.showQuickPick(items, stepOptions(3, 'Severity of the new control'));
  return picked?.label;
}

async function pickSubject(): Promise<string | undefined> {
  const items = SUBJECTS.map((subject) => ({ label: subject }));
  const picked = await vscode.window.showQuickPick(items, stepOptions(4, 'Subject: what the control checks'));
  return picked?.label;
}

function stepOptions(step: number, placeHolder: string): vscode.QuickPickOptions {
  return { title: `New Control (${step}/4)`, placeHolder, ignoreFocusOut: true };
}

async function requestNewControl(client: LanguageClient, answers: NewControlInput): Promise<NewControlResult | undefined> {
  let result: NewControlResult | null;
  try {
    result = await client.sendRequest<NewControlResult | null>(NEW_CONTROL_REQUEST, answers);
  } catch (error) {
    void vscode.window.showErrorMessage(`New Control failed because the language server returned an error: ${(error as Error).message}`);
    return undefined;
  }
  if (result === null) {
    const code = CATEGORIES.find((category) => category.name === answers.category)?.code ?? '';
    void vscode.window.showErrorMessage(
      `New Control found no free id in ${answers.category}: every number up to ${code}-999 is taken, ` +
        'or the categories in .controlstudio.json leave this one out.',
    );
    return undefined;
  }
  if (!SAFE_ID.test(result.id)) {
    void vscode.window.showErrorMessage(`New Control received the invalid id "${result.id}" from the language server. Check idPrefix in .controlstudio.json.`);
    return undefined;
  }
  return result;
}

/**
 * Returns the folder for new controls: the `controls` folder that contains the
 * most indexed controls, else a `controls` or `Controls` folder at the root
 * of a workspace folder, else `controls` in the first workspace folder (which
 * may not exist yet). Undefined when no folder is open.
 */
async function controlsFolder(index: ControlIndex): Promise<vscode.Uri | undefined> {
  const items = await index.items();
  const indexed = pickControlsFolder(items.map((item) => item.uri));
  if (indexed !== undefined) {
    return vscode.Uri.parse(indexed);
  }
  const workspaceFolders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of workspaceFolders) {
    const found = await rootControlsFolder(folder.uri);
    if (found) {
      return found;
    }
  }
  const first = workspaceFolders[0];
  return first ? vscode.Uri.joinPath(first.uri, 'controls') : undefined;
}

// Lists the folder to learn the real letter case, which a case-insensitive
// file system would hide from `stat`.
async function rootControlsFolder(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return undefined;
  }
  const folderNames = entries.filter(([, type]) => (type & vscode.FileType.Directory) !== 0).map(([name]) => name);
  const name = ['controls', 'Controls'].find((candidate) => folderNames.includes(candidate));
  return name === undefined ? undefined : vscode.Uri.joinPath(folder, name);
}

// Returns false, after telling the user, when the file exists or writing fails.
// NOTE: vscode.workspace.fs has no exclusive create, so the check and the write
// are two steps, and a file created between them by another program is overwritten.
async function writeNewFile(target: vscode.Uri, id: string, text: string): Promise<boolean> {
  const relativePath = vscode.workspace.asRelativePath(target);
  try {
    if (await exists(target)) {
      void vscode.window.showErrorMessage(
        `New Control did not overwrite ${relativePath}: the file exists, but no indexed control has the id ${id}. ` +
          'Fix or remove the file, then run New Control again.',
      );
      return false;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (error) {
    void vscode.window.showErrorMessage(`New Control could not write ${relativePath}: ${(error as Error).message}`);
    return false;
  }
  return true;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
      return false;
    }
    throw error;
  }
}

async function showWithPlaceholder(target: vscode.Uri, text: string): Promise<void> {
  const editor = await vscode.window.showTextDocument(target);
  const placeholder = firstPlaceholder(text);
  if (placeholder) {
    const start = editor.document.positionAt(placeholder.start);
    const end = editor.document.positionAt(placeholder.end);
    editor.selection = new vscode.Selection(start, end);
    editor.revealRange(editor.selection);
  }
}
