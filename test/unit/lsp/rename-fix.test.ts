import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeActionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { lintText } from '../../../server/src/core/lint';
import type { Finding } from '../../../server/src/core/types';
import { codeActions } from '../../../server/src/lsp/code-actions';
import { toDiagnostic } from '../../../server/src/lsp/diagnostics';
import { readFixture, REPO_ROOT } from '../helpers';

const URI = 'file:///work/controls/EDCA-SEC-901.json';

function lint(text: string): Finding[] {
  return lintText(text, { file: 'EDCA-SEC-901.json', config: DEFAULT_CONFIG }).findings;
}

// Returns the titles of the code actions for the id-filename finding of a control with this id, and the new URIs of its renames.
function renameActions(id: string): { titles: string[]; newUris: string[] } {
  const text = readFixture('fix', 'severity-weight', 'input.json').replace('"id": "EDCA-SEC-901"', `"id": ${JSON.stringify(id)}`);
  const finding = lint(text).find((f) => f.rule === 'id-filename');
  assert.ok(finding, 'no id-filename finding');
  const params: CodeActionParams = { textDocument: { uri: URI }, range: finding.range, context: { diagnostics: [toDiagnostic(finding, REPO_ROOT)] } };
  const document = TextDocument.create(URI, 'json', 1, text);
  const actions = codeActions(params, { document, lint, packageRoot: REPO_ROOT, canRenameFiles: true, fileExists: () => false, log: () => undefined });
  const newUris = actions.flatMap((action) => action.edit?.documentChanges ?? []).flatMap((change) => ('kind' in change && change.kind === 'rename' ? [change.newUri] : []));
  return { titles: actions.map((action) => action.title), newUris };
}

describe('id-filename rename fix', () => {
  it('renames within the folder', () => {
    assert.deepEqual(renameActions('EDCA-SEC-902'), {
      titles: ['Rename the file to EDCA-SEC-902.json', 'Change the id to EDCA-SEC-901', 'Show documentation for id-filename'],
      newUris: ['file:///work/controls/EDCA-SEC-902.json'],
    });
  });

  it('offers no rename for a path', () => {
    for (const id of ['../../../home/user/.config/autostart/evil', 'EDCA-SEC-902/../../x', '..\\..\\x', 'EDCA-SEC-902 ']) {
      assert.deepEqual(renameActions(id), { titles: ['Change the id to EDCA-SEC-901', 'Show documentation for id-filename'], newUris: [] }, id);
    }
  });
});
