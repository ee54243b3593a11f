// Mocha entry of the run suite, which opens test/e2e/fixtures/run as its
// workspace and uses the PowerShell stand-in in test/e2e/stand-in.
import { runMochaSuite } from '../suite/index';

export function run(): Promise<void> {
  return runMochaSuite(__dirname);
}
