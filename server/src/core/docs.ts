import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

// The language server asks for a URL per diagnostic, and building one takes
// microseconds, so each package root and rule id is converted once.
const urls = new Map<string, string>();

/** Returns the URL of a rule's documentation page inside the installed package. */
export function ruleDocsUrl(packageRoot: string, ruleId: string): string {
  const key = `${packageRoot}\0${ruleId}`;
  let url = urls.get(key);
  if (url === undefined) {
    url = pathToFileURL(path.join(packageRoot, 'docs', 'rules', `${ruleId}.md`)).href;
    urls.set(key, url);
  }
  return url;
}
