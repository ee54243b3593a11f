import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeAction, CodeActionParams, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { lintText } from '../../../server/src/core/lint';
import { codeActions } from '../../../server/src/lsp/code-actions';
import { toDiagnostic } from '../../../server/src/lsp/diagnostics';
import { readFixture, REPO_ROOT } from '../helpers';

const URI = 'file:///work/controls/EDCA-SEC-901.json';

// Calls the code action provider the way the server does, without a connection.
function quickFixes(text: string, rule: string, index = 0): { actions: CodeAction[]; logs: string[] } {
  const document = TextDocument.create(URI, 'json', 3, text);
  const lint = (current: string) => lintText(current, { file: 'EDCA-SEC-901.json', config: DEFAULT_CONFIG }).findings;
  const finding = lint(text).filter((f) => f.rule === rule)[index];
  assert.ok(finding, `no ${rule} finding #${index}`);
  const params: CodeActionParams = {
    textDocument: { uri: URI },
    range: finding.range,
    context: { diagnostics: [toDiagnostic(finding, REPO_ROOT)] },
  };
  const logs: string[] = [];
  const context = { document, lint, packageRoot: REPO_ROOT, canRenameFiles: false, fileExists: () => false, log: (m: string) => logs.push(m) };
  return { actions: codeActions(params, context), logs };
}

function editedText(text: string, action: CodeAction | undefined): string {
  const change = action?.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action "${action?.title}" has no text edit`);
  return TextDocument.applyEdits(TextDocument.create(URI, 'json', 3, text), change.edits as TextEdit[]);
}

describe('quick fixes', () => {
  const input = readFixture('fix', 'no-comments', 'input.json');

  it('removes one of several comments', () => {
    const { actions, logs } = quickFixes(input, 'no-comments', 1);
    assert.deepEqual(logs, []);
    assert.equal(actions[0]?.title, 'Remove the comment');
    const fixed = editedText(input, actions[0]);
    assert.equal(fixed, input.replace(' // short', ''));
  });

  it('fixes a value beside a comment', () => {
    const text = input.replace('"severityWeight": 5', '"severityWeight": 8');
    const { actions } = quickFixes(text, 'severity-weight');
    assert.equal(actions[0]?.title, 'Change severityWeight to 6');
    assert.equal(editedText(text, actions[0]), input.replace('"severityWeight": 5', '"severityWeight": 6'));
  });

  it('matches the diagnostic, not its range', () => {
    const text = readFixture('fix', 'schema-missing-property', 'input.json');
    const { actions } = quickFixes(text, 'schema', 1);
    assert.equal(actions[0]?.title, 'Add the missing property "roles"');
  });
});
