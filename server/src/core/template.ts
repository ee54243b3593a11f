// Analysis of a control's PowerShell script template: its diagnostics and
// remediation parts, the commands that change state and the placeholders.

/** One line of the decoded script; `start` is its offset in the script text. */
export interface ScriptLine {
  start: number;
  text: string;
  comment: boolean;
  /** True inside a here-string (`@"` ... `"@`), whose lines are text, not commands. */
  literal?: boolean;
}

/** A command that changes state, located in the decoded script text. */
export interface StateChange {
  line: number;
  offset: number;
  length: number;
  command: string;
  commented: boolean;
}

export interface Placeholder {
  line: number;
  offset: number;
  length: number;
  text: string;
}

export type HeaderStyle = 'labelled' | 'loose';

export interface TemplateHeader {
  line: number;
  style: HeaderStyle;
}

/** The analysis of a script without its placeholders, which the lint rules do not read. */
export interface ScriptAnalysis {
  lines: ScriptLine[];
  diagnosticsHeader?: TemplateHeader;
  remediationHeader?: TemplateHeader;
  /** First line of the remediation part; `lines.length` when there is none. */
  remediationStart: number;
  stateChanges: StateChange[];
  /** Lines that state a manual step with `# NOTE:`. */
  notes: number[];
}

export interface TemplateAnalysis extends ScriptAnalysis {
  placeholders: Placeholder[];
}

export interface TemplateOptions {
  placeholderValues: readonly string[];
}

export const DEFAULT_PLACEHOLDER_VALUES: readonly string[] = ['DatabaseName', 'MyADFSServer', 'ServerName', 'MailboxName'];

const STATE_VERBS =
  'Set|New|Enable|Disable|Remove|Add|Clear|Install|Restart|Start|Stop|Update|Register|Mount|Move|Rename|Reset';
const CMDLET = new RegExp(`(?<![\\w$.-])(?:${STATE_VERBS})-[A-Za-z][A-Za-z0-9]*`, 'g');

// Cmdlets with a state-changing verb whose effect ends with the PowerShell session.
const SESSION_ONLY = new Set(
  [
    'New-Object', 'New-TimeSpan', 'New-Guid', 'New-PSSession', 'New-PSSessionOption', 'New-Variable',
    'Set-Variable', 'Clear-Variable', 'Remove-Variable', 'Set-Location', 'Set-StrictMode', 'Add-Member',
    'Add-Type', 'Add-PSSnapin', 'Start-Sleep', 'Clear-Host', 'Start-Transcript', 'Stop-Transcript',
    'Remove-PSSession', 'Update-TypeData', 'Update-FormatData', 'Register-ArgumentCompleter',
  ].map((name) => name.toLowerCase()),
);

const EXTERNAL_COMMANDS: readonly RegExp[] = [
  /\biisreset(?:\.exe)?\b/i,
  /\bnetsh(?:\.exe)?\b.*\b(?:set|add|delete|reset)\b/i,
  /\breg(?:\.exe)?\s+(?:add|delete|import|restore|load|unload|copy)\b/i,
  /\bsc(?:\.exe)?\s+(?:config|stop|start|delete|create|failure)\b/i,
  /\bbcdedit(?:\.exe)?\b.*\/(?:set|delete|create|deletevalue)\b/i,
  /\bschtasks(?:\.exe)?\b.*\/(?:create|delete|change|run|end)\b/i,
  /\bicacls(?:\.exe)?\b.*\/(?:grant|deny|remove|reset|setowner|inheritance)\b/i,
  /\bmanage-bde(?:\.exe)?\b.*\s-(?:on|off|lock|unlock|protectors)\b/i,
  /\bauditpol(?:\.exe)?\b.*\/(?:set|clear|remove|restore)\b/i,
  // Exchange setup switches with their short forms (/p, /ps, /pd, /pad, /m).
  /\bsetup(?:\.exe)?\b.*\/(?:PrepareAD|p|PrepareSchema|ps|PrepareDomain|pd|PrepareAllDomains|pad|Mode|m)\b/i,
  // powercfg also takes read-only options such as /list, /query and /getactivescheme.
  /\bpowercfg(?:\.exe)?\b.*\s[/-](?:setactive|s|change|x|changename|duplicatescheme|delete|d|deletesetting|import|setacvalueindex|setdcvalueindex|hibernate|h|attributes|setsecuritydescriptor|deviceenablewake|devicedisablewake|requestsoverride)(?![\w-])/i,
];

const EXTERNAL_NAMES = 'iisreset|netsh|reg|sc|bcdedit|schtasks|icacls|manage-bde|auditpol|setup|powercfg';

// Every pattern above starts with one of these names between word boundaries,
// so a line without one skips the searches.
const EXTERNAL_COMMAND_NAME = new RegExp(`\\b(?:${EXTERNAL_NAMES})\\b`, 'i');

// Matches where CMDLET or EXTERNAL_COMMAND_NAME matches. The letter case of the
// external names is spelled out ([Ss][Cc]) because the cmdlet verbs are case
// sensitive. In a micro-benchmark over the corpus scripts on Node 20, this one
// search took less than half the time of the two.
const COMMAND_NAME = new RegExp(`${CMDLET.source}|\\b(?:${anyCase(EXTERNAL_NAMES)})\\b`, 'g');

// Characters that maskLine changes or acts on; a line without them is returned as it is.
const UNMASKED_CHARACTERS = /["'#]/;

// Writes each letter as a class of its two cases, e.g. "sc" as "[Ss][Cc]".
function anyCase(pattern: string): string {
  return pattern.replace(/[a-z]/g, (letter) => `[${letter.toUpperCase()}${letter}]`);
}

const LABELLED = /^\s*#\s*===\s*(DIAGNOSTICS|REMEDIATION)\b/i;
const LOOSE_DIAGNOSTICS = /^\s*#\s*(?:Diagnose|Diagnostics?|Check)\b(?!-)/i;
const LOOSE_REMEDIATION = /^\s*#\s*(?:Remediate|Remediation|Fix|Set|To (?:fix|remediate|enable|disable))\b(?!-)/i;
const NOTE = /^\s*#\s*NOTE:/;
const ANGLE_PLACEHOLDER = /<[A-Za-z][\w.-]*>/g;

/** Splits a script template into lines, marking comment lines (including `<# ... #>` blocks). */
export function splitLines(script: string): ScriptLine[] {
  const lines: ScriptLine[] = [];
  let start = 0;
  let inBlock = false;
  let hereString = '';
  for (const raw of script.split('\n')) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = text.trim();
    if (hereString) {
      // A here-string ends at a line that starts with its closing quote and @.
      if (text.startsWith(`${hereString}@`)) hereString = '';
      lines.push({ start, text, comment: false, literal: true });
      start += raw.length + 1;
      continue;
    }
    const opensBlock = !inBlock && trimmed.startsWith('<#');
    const comment = inBlock || opensBlock || trimmed.startsWith('#');
    if (opensBlock || inBlock) inBlock = !trimmed.includes('#>');
    if (!comment) hereString = hereStringQuote(trimmed);
    lines.push({ start, text, comment });
    start += raw.length + 1;
  }
  return lines;
}

// Returns the quote of a here-string that the line opens (it ends with @" or @'), or ''.
function hereStringQuote(trimmed: string): string {
  const last = trimmed[trimmed.length - 1];
  if ((last === '"' || last === "'") && trimmed[trimmed.length - 2] === '@') return last;
  return '';
}

/** Finds the diagnostics and remediation parts, state-changing commands and placeholders of a script. */
export function analyzeTemplate(script: string, options?: Partial<TemplateOptions>): TemplateAnalysis {
  const analysis = analyzeScript(script);
  const values = options?.placeholderValues ?? DEFAULT_PLACEHOLDER_VALUES;
  return { ...analysis, placeholders: findAllPlaceholders(script, analysis.lines, values) };
}

/** Finds the diagnostics and remediation parts and the state-changing commands of a script. */
export function analyzeScript(script: string): ScriptAnalysis {
  const lines = splitLines(script);
  const commandLines = linesWithCommands(script, lines);
  const masked: Array<string | undefined> = [];
  const stateChanges: StateChange[] = [];
  const notes: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as ScriptLine;
    if (commandLines[index]) masked[index] = findStateChanges(line, index, stateChanges);
    if (mayStartWithHash(line) && NOTE.test(line.text)) notes.push(index);
  }
  const diagnosticsHeader = findHeader(lines, 'DIAGNOSTICS', LOOSE_DIAGNOSTICS);
  const remediationHeader = findHeader(lines, 'REMEDIATION', LOOSE_REMEDIATION, diagnosticsHeader?.line);
  const remediationStart = remediationHeader?.line ?? inferRemediationStart(lines, stateChanges, masked);
  // Set one by one because conditional object spreads cost more in V8.
  const analysis: ScriptAnalysis = { lines, remediationStart, stateChanges, notes };
  if (diagnosticsHeader) analysis.diagnosticsHeader = diagnosticsHeader;
  if (remediationHeader) analysis.remediationHeader = remediationHeader;
  return analysis;
}

// Marks the lines that may contain a state-changing command, from one search
// of the whole script. A cmdlet or external command name found in a masked
// line is also found at the same place in the script. Masking blanks only the
// inside of strings and what follows a `#`, so the name and the characters
// around it are as written. (The `#` that starts a comment line passes
// CMDLET's look-behind and ends a word, just as the space that replaces it
// does.) Lines without a match need no masking and no search of their own.
function linesWithCommands(script: string, lines: readonly ScriptLine[]): boolean[] {
  const marked = new Array<boolean>(lines.length).fill(false);
  let index = 0;
  COMMAND_NAME.lastIndex = 0;
  for (let match = COMMAND_NAME.exec(script); match; match = COMMAND_NAME.exec(script)) {
    while (index + 1 < lines.length && (lines[index + 1] as ScriptLine).start <= match.index) index++;
    marked[index] = true;
  }
  return marked;
}

// NOTE and the header patterns start with `^\s*#`. Outside here-strings, only
// comment lines match that, so other lines skip the searches.
function mayStartWithHash(line: ScriptLine): boolean {
  return line.comment || line.literal === true;
}

// Labelled headers win over loose ones; the remediation header must follow the diagnostics one.
function findHeader(lines: ScriptLine[], label: string, loose: RegExp, after = -1): TemplateHeader | undefined {
  for (let i = after + 1; i < lines.length; i++) {
    const line = lines[i] as ScriptLine;
    if (!mayStartWithHash(line)) continue;
    const match = LABELLED.exec(line.text);
    if (match?.[1]?.toUpperCase() === label) return { line: i, style: 'labelled' };
  }
  for (let i = after + 1; i < lines.length; i++) {
    const line = lines[i] as ScriptLine;
    if (mayStartWithHash(line) && loose.test(line.text)) return { line: i, style: 'loose' };
  }
  return undefined;
}

// Without a header, the remediation part starts at the first live state-changing
// command, together with the comment lines just above it. A command inside a
// block moves the split up to the line that opens the outermost block, so the
// check part never ends in the middle of a statement.
function inferRemediationStart(lines: ScriptLine[], changes: StateChange[], masked: ReadonlyArray<string | undefined>): number {
  const first = changes.find((change) => !change.commented);
  if (!first) return lines.length;
  const depths = blockDepths(lines, first.line, masked);
  let start = first.line;
  while (start > 0 && (depths[start] ?? 0) > 0) start--;
  while (start > 0 && lines[start - 1]?.comment && lines[start - 1]?.text.trim() !== '') start--;
  return start;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_PARENTHESIS = 0x28;
const CLOSE_PARENTHESIS = 0x29;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

// The depth of braces, brackets and parentheses open at the start of each line
// up to `last`. `masked` contains the masked text of the code lines masked so far.
function blockDepths(lines: ScriptLine[], last: number, masked: ReadonlyArray<string | undefined>): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (let index = 0; index <= last; index++) {
    depths.push(depth);
    const line = lines[index] as ScriptLine;
    if (line.comment) continue;
    const code = masked[index] ?? maskLine(line.text);
    for (let i = 0; i < code.length; i++) {
      const ch = code.charCodeAt(i);
      if (ch === OPEN_BRACE || ch === OPEN_PARENTHESIS || ch === OPEN_BRACKET) depth++;
      else if ((ch === CLOSE_BRACE || ch === CLOSE_PARENTHESIS || ch === CLOSE_BRACKET) && depth > 0) depth--;
    }
  }
  return depths;
}

/** Returns the line with string literals and trailing comments blanked, keeping columns. */
export function maskLine(text: string): string {
  if (!UNMASKED_CHARACTERS.test(text)) return text;
  let masked = '';
  // The characters from `copied` on are not in `masked` yet.
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '#') return masked + text.slice(copied, i) + ' '.repeat(text.length - i);
    if (ch !== '"' && ch !== "'") continue;
    // The opening quote and the closing one stay, and the characters between them become spaces.
    const close = text.indexOf(ch, i + 1);
    const end = close < 0 ? text.length : close;
    masked += text.slice(copied, i + 1) + ' '.repeat(end - i - 1);
    copied = end;
    i = end;
  }
  return masked + text.slice(copied);
}

// Appends the line's state-changing commands to `out`, in column order, and
// returns the masked text of a code line for blockDepths.
function findStateChanges(line: ScriptLine, index: number, out: StateChange[]): string | undefined {
  if (line.literal) return undefined;
  const masked = maskLine(line.comment ? uncomment(line.text) : line.text);
  const found: StateChange[] = [];
  CMDLET.lastIndex = 0;
  for (let match = CMDLET.exec(masked); match; match = CMDLET.exec(masked)) {
    if (SESSION_ONLY.has(match[0].toLowerCase())) continue;
    found.push(change(line, index, match.index, match[0]));
  }
  if (EXTERNAL_COMMAND_NAME.test(masked)) {
    for (const pattern of EXTERNAL_COMMANDS) {
      const match = pattern.exec(masked);
      if (match) found.push(change(line, index, match.index, match[0].split(/\s/)[0] ?? match[0]));
    }
  }
  if (found.length > 1) found.sort((a, b) => a.offset - b.offset);
  for (const item of found) out.push(item);
  return line.comment ? undefined : masked;
}

// Replaces the `#` that starts a comment line, after any indentation, with a space.
function uncomment(text: string): string {
  const indentation = text.length - text.trimStart().length;
  if (text[indentation] !== '#') return text;
  return `${text.slice(0, indentation)} ${text.slice(indentation + 1)}`;
}

function change(line: ScriptLine, index: number, column: number, command: string): StateChange {
  return { line: index, offset: line.start + column, length: command.length, command, commented: line.comment };
}

// Quotes each value in single, then in double quotes, keeping the order of the values.
function quotePlaceholderValues(values: readonly string[]): string[] {
  const quoted: string[] = [];
  for (const value of values) quoted.push(`'${value}'`, `"${value}"`);
  return quoted;
}

// Finds the placeholders of the code lines, in line and column order.
function findAllPlaceholders(script: string, lines: readonly ScriptLine[], values: readonly string[]): Placeholder[] {
  // A placeholder found on a line is also found in the whole script, so only
  // the quoted values that occur in the script are searched line by line.
  const present = values.filter((value) => script.includes(value));
  const quotedValues = quotePlaceholderValues(present).filter((quoted) => script.includes(quoted));
  const placeholders: Placeholder[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as ScriptLine;
    if (!line.comment) findPlaceholders(line, index, quotedValues, placeholders);
  }
  return placeholders;
}

// Appends the placeholders of a code line to `out`, in column order.
function findPlaceholders(line: ScriptLine, index: number, quotedValues: readonly string[], out: Placeholder[]): void {
  const found: Placeholder[] = [];
  if (line.text.includes('<')) {
    ANGLE_PLACEHOLDER.lastIndex = 0;
    for (let match = ANGLE_PLACEHOLDER.exec(line.text); match; match = ANGLE_PLACEHOLDER.exec(line.text)) {
      found.push({ line: index, offset: line.start + match.index, length: match[0].length, text: match[0] });
    }
  }
  for (const quoted of quotedValues) {
    let at = line.text.indexOf(quoted);
    while (at >= 0) {
      found.push({ line: index, offset: line.start + at, length: quoted.length, text: quoted });
      at = line.text.indexOf(quoted, at + quoted.length);
    }
  }
  if (found.length > 1) found.sort((a, b) => a.offset - b.offset);
  for (const item of found) out.push(item);
}

/** A part of a script template: its first line (0-based), its end line (exclusive) and its text. */
export interface TemplatePart {
  startLine: number;
  endLine: number;
  text: string;
}

/** Splits a script into the check (diagnostics) part and the remediation part. */
export function templateParts(analysis: ScriptAnalysis): { check: TemplatePart; remediation: TemplatePart } {
  const part = (start: number, end: number): TemplatePart => ({
    startLine: start,
    endLine: end,
    text: analysis.lines
      .slice(start, end)
      .map((line) => line.text)
      .join('\n'),
  });
  return { check: part(0, analysis.remediationStart), remediation: part(analysis.remediationStart, analysis.lines.length) };
}

/** Returns the live state-changing commands of the check part; a check must not run when there are any. */
export function liveChangesInCheck(analysis: ScriptAnalysis): StateChange[] {
  return analysis.stateChanges.filter((change) => !change.commented && change.line < analysis.remediationStart);
}
