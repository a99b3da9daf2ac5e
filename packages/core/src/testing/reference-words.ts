/**
 * The context-word helpers as they were before the scanner was optimised, for the reference
 * scanner (`reference-scan.ts`): the fast scanner's helpers must give the same words.
 */

/**
 * The lower-cased words of `text`. A hand-written loop: this runs for every candidate, and the
 * regex version (camelCase replace, Unicode split) cost more than the recognizers themselves.
 * ASCII letters and digits form words, split at camelCase boundaries; any non-ASCII character is
 * a word character (so `आधार` and `numéro` stay whole).
 */
export function referenceSplitWords(text: string): string[] {
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

/**
 * The words around `[start, end)`: `before` characters before it and `after` after it, the
 * words before first. `beforeCount` says how many came before.
 */
export function referenceWordsAround(
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
  const words = referenceSplitWords(text.slice(from, start));
  const beforeCount = words.length;
  for (const w of referenceSplitWords(text.slice(end, to))) words.push(w);
  return { words, beforeCount };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}
