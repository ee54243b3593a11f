// The benchmark's floor: finds every .json file under the given folders, reads
// it and parses it with JSON.parse, and does nothing else. A linter cannot do
// less work on the same files in one Node process.
import * as fs from 'node:fs';
import * as path from 'node:path';

let files = 0;
let keys = 0;
for (const folder of process.argv.slice(2)) {
  const names = fs.readdirSync(folder, { recursive: true }).filter((name) => name.endsWith('.json'));
  for (const name of names.sort()) {
    const value = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
    // Counting keys uses the parsed value, so the work cannot be skipped.
    keys += Object.keys(value).length;
    files++;
  }
}
console.log(`${files} files parsed, ${keys} top-level keys`);
