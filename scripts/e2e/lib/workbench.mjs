// Builds workbench URLs and reads what the workbench reports in test mode.
import fs from 'node:fs/promises';
import path from 'node:path';
import util from 'node:util';
import { pathToFileURL } from 'node:url';

/**
 * Returns the URL that opens `workspace` in the workbench served by `server`.
 * Optional `extensionDevelopmentPath` and `extensionTestsPath` are paths on the
 * server. The workbench honours them only when the server was started with
 * --enable-smoke-test-driver.
 */
export function workbenchUrl(server, { workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const remoteUri = (file) => `vscode-remote://127.0.0.1:${server.port}${pathToFileURL(file).pathname}`;
  const payload = [];
  if (extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remoteUri(extensionDevelopmentPath)]);
  }
  if (extensionTestsPath) {
    payload.push(['extensionTestsPath', remoteUri(extensionTestsPath)]);
  }
  const url = new URL('/', server.origin);
  url.searchParams.set('folder', workspace);
  if (payload.length > 0) {
    url.searchParams.set('payload', JSON.stringify(payload));
  }
  return url.href;
}

/**
 * Formats the arguments of one codeAutomationLog call as a line of text. The
 * workbench passes console.log arguments, so the first may contain printf-style
 * placeholders such as mocha's "%s%s". util.format fills them in and drops
 * the CSS arguments of "%c".
 */
export function formatAutomationLog(args) {
  return util.format(...(Array.isArray(args) ? args : [args]));
}

/**
 * Writes the log files that the workbench passes to codeAutomationExit into
 * `<logsDir>/workbench`. Each entry is `{ relativePath, contents }`, and an
 * entry whose path would leave that folder is skipped.
 */
export async function saveWorkbenchLogs(logsDir, logs) {
  const root = path.join(logsDir, 'workbench');
  for (const entry of Array.isArray(logs) ? logs : []) {
    const file = path.resolve(root, String(entry.relativePath));
    if (!file.startsWith(`${root}${path.sep}`)) {
      continue;
    }
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, String(entry.contents));
  }
}
