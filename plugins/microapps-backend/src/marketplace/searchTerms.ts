/**
 * How marketplace search turns text into terms, for the index and for the
 * query alike: lower case, very common English words dropped, and one common
 * English ending stripped, so that "summaries", "summarize" and "summarizer"
 * meet (as `summari`/`summariz`, which prefix and fuzzy matching join).
 * Deliberately crude: no dictionary, no -ize/-ization rules.
 */

/** Words too common to narrow a search ("summarize my meeting notes"). */
const STOP_WORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'any',
  'are',
  'as',
  'at',
  'be',
  'by',
  'can',
  'do',
  'for',
  'from',
  'how',
  'i',
  'in',
  'into',
  'is',
  'it',
  'its',
  'me',
  'my',
  'of',
  'on',
  'or',
  'our',
  'that',
  'the',
  'their',
  'this',
  'to',
  'us',
  'we',
  'what',
  'which',
  'with',
  'you',
  'your',
]);

/** Endings stripped, longest first; at most one per word. */
const SUFFIXES = ['ings', 'ing', 'ers', 'es', 'ed', 'er', 's', 'e'];
/** A stem keeps at least this many letters ("used" stays "used"). */
const MIN_STEM = 3;

/** The word without its common English ending: "meetings" → "meet". */
export function stem(word: string): string {
  // "class", "process": a double s is not a plural.
  if (word.endsWith('ss')) return word;
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= MIN_STEM) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** A query word as searched: its stem, or null for a stop word. */
export function searchTerm(term: string): string | null {
  const word = term.toLocaleLowerCase('en-US');
  return STOP_WORDS.has(word) ? null : stem(word);
}

/**
 * An indexed word: its stem and, when that differs, the word itself, so that
 * a half-typed word ("meetin") still prefix-matches "meeting".
 */
export function indexTerms(term: string): string[] | null {
  const word = term.toLocaleLowerCase('en-US');
  if (STOP_WORDS.has(word)) return null;
  const stemmed = stem(word);
  return stemmed === word ? [word] : [stemmed, word];
}
