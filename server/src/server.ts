import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ControlServer } from './lsp/server';

// The bundle runs from dist/, and the package root contains docs/ for the rule links.
const packageRoot = path.resolve(__dirname, '..');
// The bundle of the lint worker threads sits beside this one.
const workerScript = path.join(__dirname, 'lint-worker.js');

new ControlServer(createConnection(ProposedFeatures.all), packageRoot, workerScript).listen();
