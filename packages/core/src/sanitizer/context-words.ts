/**
 * Context words are matched as whole words of the text near a match, so `card` never matches
 * inside `discard`. Identifiers are split into their words (`customerPhone`, `customer_phone`,
 * `X-Api-Key` all contain `phone` or `api key`), since keys in tool output name what follows.
 */

import type { WordWindow } from './word-window.js';

/**
 * The lower-cased words of `text`. A hand-written loop: this runs for every candidate, and the
 * regex version (camelCase replace, Unicode split) cost more than the recognizers themselves.
 * ASCII letters and digits form words, split at camelCase boundaries; any non-ASCII character is
 * a word character (so `आधार` and `numéro` stay whole).
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  splitWordsInto(text, 0, text.length, words);
  return words;
}

/** The words of `text.slice(from, to)`, appended to `out`, without slicing the range first. */
function splitWordsInto(text: string, from: number, to: number, out: string[]): void {
  let start = -1;
  let ascii = true;
  let upper = false;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 32;
    const isUpper = c >= 65 && c <= 90;
    const word = isUpper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127;
    // camelCase: an upper-case letter after a lower-case letter or digit starts a new word.
    let split = !word;
    if (word && isUpper && start >= 0) {
      const p = text.charCodeAt(i - 1);
      split = (p >= 97 && p <= 122) || (p >= 48 && p <= 57);
    }
    if (split && start >= 0) {
      const w = text.slice(start, i);
      out.push(ascii ? (upper ? w.toLowerCase() : w) : w.toLowerCase());
      start = -1;
    }
    if (!word) continue;
    if (start < 0) {
      start = i;
      ascii = true;
      upper = false;
    }
    if (c > 127) ascii = false;
    if (isUpper) upper = true;
  }
}

/** A compiled list of context words and phrases. */
export class WordMatcher {
  private readonly singles = new Set<string>();
  private readonly phrases: string[][] = [];
  /** Lower-cased first words, to test cheaply whether a text could hold any of them. */
  readonly firstWords: string[] = [];
  /**
   * First letter and length of every ASCII first word: bit `len % 32` of `shapes[c * 2 + (len
   * >> 5)]` (lengths under 64), so most words of a text are ruled out without being sliced.
   */
  private readonly shapes = new Uint32Array(256);

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const words = splitWords(entry);
      if (words.length === 0) continue;
      if (words.length === 1) this.singles.add(words[0]!);
      else this.phrases.push(words);
      const first = words[0]!;
      if (!this.firstWords.includes(first)) this.firstWords.push(first);
      const c = first.charCodeAt(0);
      if (c < 128 && first.length < 64)
        this.shapes[c * 2 + (first.length >> 5)]! |= 1 << (first.length & 31);
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

  /** `nearest` over a word window (same result), slicing only words that may be entries. */
  nearestIn(win: WordWindow): { word: string; distance: number } | undefined {
    let best: { word: string; distance: number } | undefined;
    const n = win.length;
    for (let i = 0; i < n; i++) {
      const shape = win.asciiShape(i);
      if (shape >= 0) {
        const len = shape & 1023;
        const c = shape >> 10;
        if (len < 64 && (this.shapes[c * 2 + (len >> 5)]! & (1 << (len & 31))) === 0) continue;
      }
      const w = win.word(i);
      let hit: string | undefined;
      if (this.singles.has(w)) hit = w;
      else {
        for (const phrase of this.phrases) {
          if (phrase[0] !== w || i + phrase.length > n) continue;
          let ok = true;
          for (let k = 1; k < phrase.length && ok; k++) ok = win.word(i + k) === phrase[k];
          if (ok) {
            hit = phrase.join(' ');
            break;
          }
        }
      }
      if (hit !== undefined) {
        const d = win.distance(i);
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
  const words: string[] = [];
  splitWordsInto(text, from, start, words);
  const beforeCount = words.length;
  splitWordsInto(text, end, to, words);
  return { words, beforeCount };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}
