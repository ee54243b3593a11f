import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ControlServer } from './lsp/server';

// The bundle runs from dist/, and the package root contains docs/ for the rule links.
const packageRoot = path.resolve(__dirname, '..');

new ControlServer(createConnection(ProposedFeatures.all), packageRoot).listen();
