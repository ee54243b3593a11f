import { pathOf } from '../edits';
import { stringSpan } from '../strings';
import type { Fix, RawFinding } from '../types';
import { type ProseField, proseFields } from './prose';
import { type ControlContext, type ControlRule, escapeRegExp, inString } from './rule';

/** Replacements certain enough to offer; other words are removed or reworded by the author. */
export const REPLACEMENTS: Readonly<Record<string, string>> = {
  'in order to': 'to',
  utilize: 'use',
};

/** The search for a list of words, and a quicker test without the word-boundary checks. */
interface WordPatterns {
  words: RegExp;
  anyWord: RegExp;
}

const patterns = new Map<string, WordPatterns>();
// The key above costs a join for every control, so the patterns are also
// cached per word list. No code modifies a configuration's list after it is
// resolved.
const patternsByList = new WeakMap<readonly string[], WordPatterns>();

function patternFor(words: readonly string[]): WordPatterns {
  const known = patternsByList.get(words);
  if (known) return known;
  const key = words.join('\n');
  let pattern = patterns.get(key);
  if (!pattern) {
    const alternatives = [...words]
      .sort((a, b) => b.length - a.length)
      .map((word) => escapeRegExp(word).replace(/\s+/g, '\\s+'));
    pattern = {
      // A hyphen joins words, so "just-in-time" is one word and not the filler "just".
      words: new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_-])`, 'giu'),
      // Every match of `words` is a match of `anyWord`, so a text that fails it has no match.
      anyWord: new RegExp(`(?:${alternatives.join('|')})`, 'iu'),
    };
    patterns.set(key, pattern);
  }
  patternsByList.set(words, pattern);
  return pattern;
}

export const discouragedWords: ControlRule = {
  meta: {
    id: 'discouraged-words',
    description: 'Prose fields must not use filler words such as "simply", "in order to" or "utilize".',
    severity: 'warning',
    fixable: true,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const words = context.config.discouragedWords;
    if (words.length === 0) return [];
    const { words: pattern, anyWord } = patternFor(words);
    const findings: RawFinding[] = [];
    for (const field of proseFields(context)) {
      if (!anyWord.test(field.text)) continue;
      for (const match of field.text.matchAll(pattern)) {
        const start = match.index ?? 0;
        const message = messageFor(match[0]);
        const finding = inString(context, field.node, start, start + match[0].length, 'discouraged-words', message);
        const fix = context.includeFixes ? fixFor(context, field, start, match[0]) : undefined;
        if (fix) finding.fixes = [fix];
        findings.push(finding);
      }
    }
    return findings;
  },
};

function messageFor(found: string): string {
  const replacement = REPLACEMENTS[normalize(found)];
  const advice = replacement ? `write "${replacement}"` : 'remove it or state the fact plainly';
  return `Discouraged wording "${found.replace(/\s+/g, ' ')}"; ${advice}`;
}

function normalize(found: string): string {
  return found.toLowerCase().replace(/\s+/g, ' ');
}

/** Words whose removal never changes what a sentence requires. */
const REMOVABLE = new Set(['simply', 'obviously']);

// A replacement keeps the capital of the word it replaces; a removal takes one
// neighbouring space with it so that no double space is left.
function fixFor(context: ControlContext, field: ProseField, start: number, found: string): Fix | undefined {
  // A phrase split by a line break may be the end of one paragraph and the start of the next.
  if (/[\r\n]/.test(found)) return undefined;
  const key = normalize(found);
  const replacement = REPLACEMENTS[key];
  const targets = [pathOf(field.node)];
  if (replacement) {
    const text = /^[A-Z]/.test(found) ? replacement[0]?.toUpperCase() + replacement.slice(1) : replacement;
    const span = stringSpan(context.doc.text, field.node, start, start + found.length);
    return { title: `Replace "${found}" with "${text}"`, edits: [{ ...span, newText: text }], targets, preferred: true };
  }
  if (!REMOVABLE.has(key) || /^[A-Z]/.test(found)) return undefined;
  let from = start;
  let to = start + found.length;
  if (field.text[to] === ' ') to++;
  else if (field.text[from - 1] === ' ') from--;
  const span = stringSpan(context.doc.text, field.node, from, to);
  return { title: `Remove "${found}"`, edits: [{ ...span, newText: '' }], targets, preferred: true };
}
