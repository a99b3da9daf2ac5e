/**
 * Context words are matched as whole words of the text near a match, so `card` never matches
 * inside `discard`. Identifiers are split into their words (`customerPhone`, `customer_phone`,
 * `X-Api-Key` all contain `phone` or `api key`), since keys in tool output name what follows.
 */

/**
 * The lower-cased words of `text`. A hand-written loop: this runs for every candidate, and the
 * regex version (camelCase replace, Unicode split) cost more than the recognizers themselves.
 * ASCII letters and digits form words, split at camelCase boundaries; any non-ASCII character is
 * a word character (so `आधार` and `numéro` stay whole).
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  let ascii = true;
  const flush = (end: number) => {
    if (start >= 0) {
      const w = text.slice(start, end);
      words.push(ascii ? asciiLower(w) : w.toLowerCase());
    }
    start = -1;
    ascii = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    const word = upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127;
    if (!word) {
      flush(i);
      continue;
    }
    if (start < 0) {
      start = i;
      if (c > 127) ascii = false;
      continue;
    }
    if (c > 127) ascii = false;
    // camelCase: an upper-case letter after a lower-case letter or digit starts a new word.
    if (upper) {
      const p = text.charCodeAt(i - 1);
      if ((p >= 97 && p <= 122) || (p >= 48 && p <= 57)) {
        flush(i);
        start = i;
      }
    }
  }
  flush(text.length);
  return words;
}

function asciiLower(w: string): string {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 65 && c <= 90) return w.toLowerCase();
  }
  return w;
}

/** A compiled list of context words and phrases. */
export class WordMatcher {
  private readonly singles = new Set<string>();
  private readonly phrases: string[][] = [];
  /** Lower-cased first words, to test cheaply whether a text could hold any of them. */
  readonly firstWords: string[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const words = splitWords(entry);
      if (words.length === 0) continue;
      if (words.length === 1) this.singles.add(words[0]!);
      else this.phrases.push(words);
      if (!this.firstWords.includes(words[0]!)) this.firstWords.push(words[0]!);
    }
  }

  /** The first entry found in `words` (as a whole word or a run of whole words). */
  find(words: readonly string[]): string | undefined {
    return this.nearest(words, () => 0)?.word;
  }

  /** The entry found in `words` with the smallest `distance(index)` (the first on a tie). */
  nearest(
    words: readonly string[],
    distance: (index: number) => number,
  ): { word: string; distance: number } | undefined {
    let best: { word: string; distance: number } | undefined;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      let hit: string | undefined;
      if (this.singles.has(w)) hit = w;
      else {
        for (const phrase of this.phrases) {
          if (phrase[0] !== w || i + phrase.length > words.length) continue;
          let ok = true;
          for (let k = 1; k < phrase.length && ok; k++) ok = words[i + k] === phrase[k];
          if (ok) {
            hit = phrase.join(' ');
            break;
          }
        }
      }
      if (hit !== undefined) {
        const d = distance(i);
        if (!best || d < best.distance) best = { word: hit, distance: d };
      }
    }
    return best;
  }

  private anyFirst: RegExp | undefined;

  /** Whether lower-cased text could hold an entry: one regex test, linear on any input. */
  mayAppearIn(lower: string): boolean {
    this.anyFirst ??= new RegExp(
      this.firstWords.map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'),
    );
    return this.anyFirst.test(lower);
  }
}

/**
 * The words around `[start, end)`: `before` characters before it and `after` after it, the
 * words before first. `beforeCount` says how many came before.
 */
export function wordsAround(
  text: string,
  start: number,
  end: number,
  before: number,
  after: number,
): { words: string[]; beforeCount: number } {
  let from = Math.max(0, start - before);
  // Do not start in the middle of a word: it would create a word that is not in the text.
  while (from > 0 && from < start && isWordChar(text.charCodeAt(from - 1))) from++;
  let to = Math.min(text.length, end + after);
  while (to < text.length && to > end && isWordChar(text.charCodeAt(to))) to--;
  const words = splitWords(text.slice(from, start));
  const beforeCount = words.length;
  for (const w of splitWords(text.slice(end, to))) words.push(w);
  return { words, beforeCount };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}
