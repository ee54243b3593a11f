// Values and checks of the New Control command. Pure functions without the
// vscode module, so that unit tests run them under plain Node.js.

/** The eight categories of the EDCA control format, with the code that a control id carries. */
export const CATEGORIES: ReadonlyArray<{ name: string; code: string }> = [
  { name: 'Data Security', code: 'DATA' },
  { name: 'Governance', code: 'GOV' },
  { name: 'Identity and Access Control', code: 'IAC' },
  { name: 'Monitoring', code: 'MON' },
  { name: 'Performance', code: 'PERF' },
  { name: 'Resilience', code: 'RES' },
  { name: 'Platform Security', code: 'SEC' },
  { name: 'Transport Security', code: 'TLS' },
];

/** Severities, most severe first, with the range of `severityWeight` that each allows. */
export const SEVERITIES: ReadonlyArray<{ name: string; weights: string }> = [
  { name: 'Critical', weights: '9–10' },
  { name: 'High', weights: '7–8' },
  { name: 'Medium', weights: '4–6' },
  { name: 'Low', weights: '1–3' },
];

/** Values of a control's `subject`. */
export const SUBJECTS: readonly string[] = ['Organization', 'Server', 'Database', 'Mailbox'];

/** Maximum length of a title in characters (Unicode code points, as JSON Schema counts them). */
export const MAX_TITLE_LENGTH = 80;

/** The four answers that the New Control command asks for. */
export interface NewControlInput {
  category: string;
  title: string;
  severity: string;
  subject: string;
}

/** Returns why a title is invalid, or undefined when it is valid. Surrounding spaces are ignored. */
export function titleProblem(title: string): string | undefined {
  const trimmed = title.trim();
  if (trimmed === '') {
    return 'Enter a title.';
  }
  const length = [...trimmed].length;
  if (length > MAX_TITLE_LENGTH) {
    return `The title has ${length} characters, but at most ${MAX_TITLE_LENGTH} are allowed.`;
  }
  if (trimmed.endsWith('.')) {
    return 'Remove the period at the end: a title is a noun phrase, not a sentence.';
  }
  return undefined;
}

/**
 * Returns why a given answer is invalid, or undefined when every given answer
 * is valid. Answers that are left out are not checked, because the command
 * asks for them.
 */
export function inputProblem(input: Partial<NewControlInput>): string | undefined {
  if (input.category !== undefined && !CATEGORIES.some((category) => category.name === input.category)) {
    return `Invalid category "${input.category}": expected one of ${CATEGORIES.map((c) => c.name).join(', ')}.`;
  }
  if (input.title !== undefined) {
    const problem = titleProblem(input.title);
    if (problem) {
      return `Invalid title "${input.title}". ${problem}`;
    }
  }
  if (input.severity !== undefined && !SEVERITIES.some((severity) => severity.name === input.severity)) {
    return `Invalid severity "${input.severity}": expected one of ${SEVERITIES.map((s) => s.name).join(', ')}.`;
  }
  if (input.subject !== undefined && !SUBJECTS.includes(input.subject)) {
    return `Invalid subject "${input.subject}": expected one of ${SUBJECTS.join(', ')}.`;
  }
  return undefined;
}

/**
 * Returns the offsets of the content of the first JSON string that starts with
 * "TODO:", the first placeholder an author replaces, or undefined when there is none.
 */
export function firstPlaceholder(text: string): { start: number; end: number } | undefined {
  const match = /"(TODO:(?:[^"\\]|\\.)*)"/.exec(text);
  if (!match?.[1]) {
    return undefined;
  }
  const start = match.index + 1;
  return { start, end: start + match[1].length };
}

/**
 * Returns the URI of the folder named `controls` (in any letter case) that
 * contains the most of the given files, or undefined when none is in such a
 * folder. Ties go to the folder whose URI sorts first.
 */
export function pickControlsFolder(fileUris: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const uri of fileUris) {
    const folder = uri.slice(0, uri.lastIndexOf('/'));
    const name = decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1));
    if (name.toLowerCase() === 'controls') {
      counts.set(folder, (counts.get(folder) ?? 0) + 1);
    }
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [folder, count] of counts) {
    const wins = count > bestCount || (count === bestCount && best !== undefined && folder < best);
    if (wins) {
      best = folder;
      bestCount = count;
    }
  }
  return best;
}
