// A stand-in for PowerShell in the end-to-end tests, where no PowerShell is
// installed. The extension starts it as the terminal's shell, so it acts as
// an interactive shell: it prints a prompt, reads command lines from its
// terminal, and for `& '<file>'` and `. '<file>'` records the file's bytes.
// It follows `& '<file>'` lines inside such a file one level deep, as the
// What If runner file calls the script file. Everything goes to a JSON Lines
// log in the system temp folder, which the run folder of scripts/e2e/run.mjs
// provides and the tests read:
//
//   {"event":"start","pid":1,"argv":["-NoLogo"],"shellIntegration":true}
//   {"event":"input","pid":1,"line":"& '/…/0a1b….ps1'"}
//   {"event":"run","pid":1,"operator":"&","path":"/…/0a1b….ps1","bom":true,"mode":384,"content":"…"}
//   {"event":"run","pid":1,"operator":"&","path":"/…/9f8e….ps1","calledFrom":"/…/0a1b….ps1",…}
//
// With shell integration on, it writes VS Code's OSC 633 sequences (prompt
// start A, command start B, command line E, executed C, finished D with the
// exit code), as PowerShell does with VS Code's integration script. The exit
// code is 0 unless a script it read has a line `# stand-in exit code: N`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/** The log file, in the temp folder of the process; the extension host has the same TMPDIR. */
export const LOG_FILE = path.join(os.tmpdir(), 'control-studio-stand-in.jsonl');

// PowerShell's five single quotation marks; two in a row inside a string stand for one.
const QUOTE = "['\u2018\u2019\u201A\u201B]";
const INVOCATION = new RegExp(`^([&.]) ${QUOTE}((?:(?!${QUOTE}).|${QUOTE}{2})*)${QUOTE}$`, 'u');
const EXIT_CODE = /^# stand-in exit code: (\d+)$/m;

export function runStandIn({ shellIntegration }) {
  const record = (entry) => fs.appendFileSync(LOG_FILE, `${JSON.stringify({ ...entry, pid: process.pid })}\n`);
  const sequence = (body) => (shellIntegration ? `\x1b]633;${body}\x07` : '');
  const prompt = () => process.stdout.write(`${sequence('A')}PS stand-in> ${sequence('B')}`);

  record({ event: 'start', argv: process.argv.slice(2), shellIntegration });
  // Ctrl+C in the terminal cancels the line, as in a shell, instead of ending the process.
  process.on('SIGINT', () => {
    record({ event: 'interrupt' });
    process.stdout.write('\r\n');
    prompt();
  });
  prompt();

  const lines = readline.createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
  lines.on('line', (line) => {
    record({ event: 'input', line });
    if (line.trim() === '') {
      prompt();
      return;
    }
    process.stdout.write(sequence(`E;${escapeSequenceValue(line)}`) + sequence('C'));
    const exitCode = execute(line, record);
    process.stdout.write(sequence(`D;${exitCode}`));
    prompt();
  });
  lines.on('close', () => process.exit(0));
}

// Records the script that a command line runs, and the scripts that it calls
// in turn with `& '<file>'` lines, and returns the exit code.
function execute(line, record) {
  const invocation = parseInvocation(line);
  if (!invocation) {
    process.stdout.write(`stand-in: not a script invocation: ${line}\r\n`);
    return 1;
  }
  const contents = recordScript(invocation, undefined, record);
  if (contents.length === 0) return 1;
  const marked = contents.map((content) => EXIT_CODE.exec(content)).find((match) => match);
  return Number(marked?.[1] ?? 0);
}

function parseInvocation(line) {
  const match = INVOCATION.exec(line);
  if (!match) return undefined;
  return { operator: match[1], file: match[2].replace(new RegExp(`${QUOTE}(${QUOTE})`, 'gu'), '$1') };
}

// Returns the contents of the file and of the files it calls; empty when the file cannot be read.
function recordScript({ operator, file }, calledFrom, record) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    record({ event: 'missing', path: file, calledFrom, error: error.code });
    process.stdout.write(`stand-in: cannot read ${file}: ${error.code}\r\n`);
    return [];
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const content = bytes.subarray(bom ? 3 : 0).toString('utf8');
  record({ event: 'run', operator, path: file, calledFrom, bom, mode: fs.statSync(file).mode & 0o777, content });
  process.stdout.write(`stand-in: ran ${file} (${content.length} characters)\r\n`);
  const called = calledFrom === undefined ? content.split('\n').map((text) => parseInvocation(text.trim())).filter(Boolean) : [];
  return [content, ...called.flatMap((invocation) => recordScript(invocation, file, record))];
}

// Escapes a value of an OSC 633 sequence: backslashes, semicolons and characters up to U+0020.
function escapeSequenceValue(value) {
  return value.replace(/[\\;\x00-\x20]/g, (ch) => (ch === '\\' ? '\\\\' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
