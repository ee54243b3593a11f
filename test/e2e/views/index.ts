// Mocha entry for the tests of the Controls view, New Control and the
// catalogue overview, run on the fixture workspace test/e2e/fixtures/views.
import { runMochaSuite } from '../suite/index';

/** Runs this folder's tests. VS Code ends the extension host with exit code 1 if this rejects, else 0. */
export function run(): Promise<void> {
  return runMochaSuite(__dirname);
}
