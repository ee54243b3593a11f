// vscode-json-languageservice validating the controls with the same schema,
// in-process, as VS Code's JSON language server does after each edit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from './workspaces.mjs';

const require = createRequire(import.meta.url);
const { getLanguageService } = require('vscode-json-languageservice');
const { TextDocument } = require('vscode-languageserver-textdocument');

const SCHEMA_FILE = path.join(REPO_ROOT, 'schemas', 'control.schema.json');

// The settings VS Code's JSON server passes for a .json document (not .jsonc).
const DOCUMENT_SETTINGS = { comments: 'error', trailingCommas: 'error', schemaValidation: 'error', schemaRequest: 'warning' };

/** One document held by vscode-json-languageservice, edited and validated like VS Code's JSON server does. */
export class JsonServiceDocument {
  constructor(uri, text) {
    const schemaUri = 'file:///control-studio/schemas/control.schema.json';
    this.service = getLanguageService({
      // The schema is registered in full below, so nothing is ever requested.
      schemaRequestService: (uri) => Promise.reject(new Error(`unexpected schema request for ${uri}`)),
    });
    this.service.configure({
      validate: true,
      allowComments: false,
      schemas: [{ uri: schemaUri, fileMatch: ['**/controls/*.json', '**/controls.json'], schema: JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) }],
    });
    this.document = TextDocument.create(uri, 'json', 1, text);
  }

  /** Validates the current text; returns the diagnostics. */
  async validate() {
    const parsed = this.service.parseJSONDocument(this.document);
    return this.service.doValidation(this.document, parsed, DOCUMENT_SETTINGS);
  }

  /**
   * Applies one incremental change, parses and validates. Returns the
   * diagnostics and the times in ms: `apply`, `parse`, `validate` and `total`.
   */
  async edit(change, version) {
    const start = performance.now();
    this.document = TextDocument.update(this.document, [change], version);
    const applied = performance.now();
    const parsed = this.service.parseJSONDocument(this.document);
    const parsedAt = performance.now();
    const diagnostics = await this.service.doValidation(this.document, parsed, DOCUMENT_SETTINGS);
    const end = performance.now();
    return { diagnostics, apply: applied - start, parse: parsedAt - applied, validate: end - parsedAt, total: end - start };
  }
}
