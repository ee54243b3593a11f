import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Returns the URL of a rule's documentation page inside the installed package. */
export function ruleDocsUrl(packageRoot: string, ruleId: string): string {
  return pathToFileURL(path.join(packageRoot, 'docs', 'rules', `${ruleId}.md`)).href;
}
