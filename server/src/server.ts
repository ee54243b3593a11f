import * as path from 'node:path';
import { type Connection, createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ControlServer } from './lsp/server';
import { BatchingMessageWriter, redirectConsole } from './lsp/stdio';

// The bundle runs from dist/, and the package root contains docs/ for the rule links.
const packageRoot = path.resolve(__dirname, '..');
// The bundle of the lint worker threads sits beside this one.
const workerScript = path.join(__dirname, 'lint-worker.js');

new ControlServer(openConnection(), packageRoot, workerScript).listen();

// Over standard input and output, messages are written in batches. The
// library accepts a stream or a message writer for each side, but its types
// accept only two of a kind. The input stays a stream, so that the library
// still ends the process when the client closes it.
function openConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const writer = new BatchingMessageWriter(process.stdout);
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer as unknown as NodeJS.WritableStream);
  redirectConsole((message) => connection.console.log(message));
  return connection;
}
