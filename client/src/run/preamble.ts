// Describes where the session preamble connects, for the confirmation of a remediation run.

const CONNECTION_PARAMETER = /-(ConnectionUri|ComputerName)\s*[:\s]\s*(?:'([^']*)'|"([^"]*)"|([^\s;|)]+))/i;

/**
 * Returns the target that a run acts on: the `-ConnectionUri` or
 * `-ComputerName` value in the preamble's first uncommented line that has one,
 * or a description of the local session. It reads the text only and cannot see
 * values computed at run time.
 */
export function describeTarget(preamble: string): string {
  if (preamble.trim() === '') return 'this computer (no session preamble is set)';
  for (const line of preamble.split(/\r?\n/)) {
    if (line.trim().startsWith('#')) continue;
    const match = CONNECTION_PARAMETER.exec(line);
    if (match) {
      const value = match[2] ?? match[3] ?? match[4] ?? '';
      return `${value} (the -${match[1]} of the session preamble)`;
    }
  }
  return 'this computer, as set up by the session preamble (it names no -ConnectionUri or -ComputerName)';
}
