// "Open Script Template as PowerShell": a file system provider for the scheme
// `control-script`, whose files are the decoded script templates of controls.
// An editor shows them as .ps1 files, so PowerShell highlighting and analysis
// apply. Saving one writes the script back into the JSON string, escaped once,
// and fails when the template in the JSON document changed in the meantime.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseDocument } from '../../../server/src/core/parse';
import { type ControlRef, findControl, type LocatedControl, scriptOf } from './locate';
import { scriptWriteBack } from './write-back';

export const SCRIPT_SCHEME = 'control-script';

interface Entry {
  uri: vscode.Uri;
  source: vscode.Uri;
  ref: ControlRef;
  label: string;
  /** The JSON string literal that the editor's content was last read from or written to. */
  literal: string;
  ctime: number;
  mtime: number;
}

interface CurrentScript {
  literal: string;
  script: string;
}

export class ScriptDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => this.sourceChanged(event.document));
  }

  /** Opens the control's script template in an editor; a second call for the same control reuses its URI. */
  async open(document: vscode.TextDocument, control: LocatedControl, label: string): Promise<vscode.TextEditor> {
    const node = control.scriptNode;
    if (!node) throw new Error(`${label} has no remediation.scriptTemplate string.`);
    const literal = document.getText().slice(node.offset, node.offset + node.length);
    const source = document.uri;
    let entry = [...this.entries.values()].find((e) => e.source.toString() === source.toString() && sameRef(e.ref, control.ref));
    if (!entry) {
      // A random folder keeps the URI apart from the control's id, which only names the file.
      const token = randomBytes(8).toString('hex');
      const name = (control.id ?? 'script').replace(/[^A-Za-z0-9._-]/g, '_');
      const now = Date.now();
      const uri = vscode.Uri.from({ scheme: SCRIPT_SCHEME, path: `/${token}/${name}.ps1` });
      entry = { uri, source, ref: control.ref, label, literal, ctime: now, mtime: now };
      this.entries.set(token, entry);
    }
    return vscode.window.showTextDocument(entry.uri, { preview: false });
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    // The root and each random folder exist as folders, so VS Code's writeFile finds the parent it expects.
    const segments = uri.path.split('/').filter((segment) => segment !== '');
    if (segments.length === 0 || (segments.length === 1 && this.entries.has(segments[0] ?? ''))) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const entry = this.entryOf(uri);
    const current = await this.currentScript(entry);
    const size = Buffer.byteLength(current.script, 'utf8');
    return { type: vscode.FileType.File, ctime: entry.ctime, mtime: entry.mtime, size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const entry = this.entryOf(uri);
    const current = await this.currentScript(entry);
    entry.literal = current.literal;
    return Buffer.from(current.script, 'utf8');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const entry = this.entryOf(uri);
    const script = decodeUtf8(content, entry.label);
    const document = await vscode.workspace.openTextDocument(entry.source);
    const wasDirty = document.isDirty;
    const result = scriptWriteBack(document.getText(), entry.ref, entry.literal, script);
    if ('error' in result) {
      const message = `${entry.label}: ${result.error} Reopen the script template to edit its current text.`;
      this.log.error(`Saving ${uri.toString()} failed. ${message}`);
      throw new vscode.FileSystemError(message);
    }
    const { offset, length, text } = result.edit;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(entry.source, new vscode.Range(document.positionAt(offset), document.positionAt(offset + length)), text);
    const previous = entry.literal;
    // Set first, so the document change that the edit causes is not taken for an outside change.
    entry.literal = text;
    if (!(await vscode.workspace.applyEdit(edit))) {
      entry.literal = previous;
      const file = vscode.workspace.asRelativePath(entry.source);
      throw new vscode.FileSystemError(`${entry.label}: VS Code did not apply the edit to ${file}.`);
    }
    // Unsaved changes that the user made to the JSON file stay unsaved; otherwise the file is saved.
    if (!wasDirty) await document.save();
    entry.mtime = Date.now();
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  readDirectory(): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions('Script templates have no folders.');
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Script templates have no folders.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('A script template cannot be deleted from here; edit the control file.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('A script template cannot be renamed.');
  }

  private entryOf(uri: vscode.Uri): Entry {
    const token = uri.path.split('/')[1] ?? '';
    const entry = this.entries.get(token);
    if (!entry || entry.uri.path !== uri.path) throw vscode.FileSystemError.FileNotFound(uri);
    return entry;
  }

  private async currentScript(entry: Entry): Promise<CurrentScript> {
    const document = await vscode.workspace.openTextDocument(entry.source);
    const current = scriptIn(document, entry.ref);
    if (!current) throw vscode.FileSystemError.FileNotFound(entry.uri);
    return current;
  }

  // Marks a script file changed when its template changed in the JSON document, so that
  // VS Code reloads an editor without unsaved changes and warns before saving over one with them.
  private sourceChanged(document: vscode.TextDocument): void {
    for (const entry of this.entries.values()) {
      if (entry.source.toString() !== document.uri.toString()) continue;
      if (scriptIn(document, entry.ref)?.literal === entry.literal) continue;
      entry.mtime = Date.now();
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri: entry.uri }]);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function scriptIn(document: vscode.TextDocument, ref: ControlRef): CurrentScript | undefined {
  const text = document.getText();
  const control = findControl(parseDocument(text), ref);
  const node = control?.scriptNode;
  const script = control ? scriptOf(control) : undefined;
  if (!node || script === undefined) return undefined;
  return { literal: text.slice(node.offset, node.offset + node.length), script };
}

function sameRef(a: ControlRef, b: ControlRef): boolean {
  return a.index === b.index && a.id === b.id;
}

// VS Code writes UTF-8 unless the user picks another encoding for the editor.
function decodeUtf8(content: Uint8Array, label: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new vscode.FileSystemError(`${label}: the script is not valid UTF-8. Save it with the UTF-8 encoding.`);
  }
}
