import type { RawFinding } from '../types';
import { proseFields } from './prose';
import { type ControlContext, type ControlRule, escapeRegExp, inString } from './rule';

/** Replacements certain enough to offer; other words are removed or reworded by the author. */
export const REPLACEMENTS: Readonly<Record<string, string>> = {
  'in order to': 'to',
  utilize: 'use',
  leverage: 'use',
};

const patterns = new Map<string, RegExp>();

function patternFor(words: readonly string[]): RegExp {
  const key = words.join('\n');
  let pattern = patterns.get(key);
  if (!pattern) {
    const alternatives = [...words]
      .sort((a, b) => b.length - a.length)
      .map((word) => escapeRegExp(word).replace(/\s+/g, '\\s+'));
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
    patterns.set(key, pattern);
  }
  return pattern;
}

export const discouragedWords: ControlRule = {
  meta: {
    id: 'discouraged-words',
    description: 'Prose fields must not use filler words such as "simply", "in order to" or "utilize".',
    severity: 'warning',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const words = context.config.discouragedWords;
    if (words.length === 0) return [];
    const pattern = patternFor(words);
    const findings: RawFinding[] = [];
    for (const field of proseFields(context)) {
      for (const match of field.text.matchAll(pattern)) {
        const start = match.index ?? 0;
        const message = messageFor(match[0]);
        findings.push(inString(context, field.node, start, start + match[0].length, 'discouraged-words', message));
      }
    }
    return findings;
  },
};

function messageFor(found: string): string {
  const replacement = REPLACEMENTS[found.toLowerCase().replace(/\s+/g, ' ')];
  const advice = replacement ? `write "${replacement}"` : 'remove it or state the fact plainly';
  return `Discouraged wording "${found}"; ${advice}`;
}
