// Mocha entry that VS Code loads in the extension host through
// extensionTestsPath. It runs every `*.test.js` file next to it, so adding a
// `*.test.ts` file to this folder is all a new test needs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** Runs this folder's tests. VS Code ends the extension host with exit code 1 if this rejects, else 0. */
export function run(): Promise<void> {
  return runMochaSuite(__dirname);
}

/**
 * Runs every `*.test.js` file in `testsDir` with mocha and rejects if a test
 * fails or none ran. A suite in another folder, run on its own fixture
 * workspace, exports a `run()` that calls this with its own `__dirname`.
 */
export async function runMochaSuite(testsDir: string): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // The extension host has no terminal, so colors would print as escape codes.
    color: false,
    timeout: 60_000,
  });
  const grep = process.env.CONTROL_STUDIO_E2E_GREP;
  if (grep) {
    mocha.grep(grep);
  }

  const testFiles = fs
    .readdirSync(testsDir)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (testFiles.length === 0) {
    throw new Error(`No *.test.js files found in ${testsDir}. Run \`npm run build\` first.`);
  }
  for (const name of testFiles) {
    mocha.addFile(path.join(testsDir, name));
  }
  // scripts/e2e/run.mjs starts printing the workbench's log at this line.
  console.log(`e2e: running ${testFiles.length} test file${testFiles.length === 1 ? '' : 's'} from ${testsDir}`);

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run();
    runner.on('end', () => resolve(runner.stats ?? emptyStats()));
  });
  // scripts/e2e/run.mjs prints this line last, in the form that CI counts.
  console.log(`e2e: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);

  if (stats.failures > 0) {
    throw new Error(`${stats.failures} end-to-end test(s) failed.`);
  }
  if (stats.passes === 0) {
    throw new Error('No end-to-end test ran. Check the --grep pattern and the test files.');
  }
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
