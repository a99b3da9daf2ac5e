/**
 * The words near a match (as `wordsAround` in `context-words.ts` splits them), kept as offsets
 * into the text: a word is sliced and lower-cased only when a context-word list could hold it,
 * so looking for context costs no allocation for most words. One window is reused for every
 * candidate of a scan.
 */
export class WordWindow {
  text = '';
  /** Words in the text window: before the match, then after it. */
  around = 0;
  beforeCount = 0;
  keyWords: readonly string[] | undefined;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Per word: 1 when it is all ASCII (its lower-cased form has its length). */
  private readonly ascii: number[] = [];
  private readonly cache: (string | undefined)[] = [];

  /** The words `before` characters before `[start, end)` and `after` after it, then `keyWords`. */
  fill(
    text: string,
    start: number,
    end: number,
    before: number,
    after: number,
    keyWords: readonly string[] | undefined,
  ): void {
    this.text = text;
    this.keyWords = keyWords;
    this.starts.length = 0;
    this.ends.length = 0;
    this.ascii.length = 0;
    this.cache.length = 0;
    let from = Math.max(0, start - before);
    // Do not start in the middle of a word: it would create a word that is not in the text.
    while (from > 0 && from < start && isWordChar(text.charCodeAt(from - 1))) from++;
    let to = Math.min(text.length, end + after);
    while (to < text.length && to > end && isWordChar(text.charCodeAt(to))) to--;
    this.split(from, start);
    this.beforeCount = this.starts.length;
    this.split(end, to);
    this.around = this.starts.length;
  }

  get length(): number {
    return this.around + (this.keyWords?.length ?? 0);
  }

  /** Distance in words from the match; the JSON key the value sits under is nearest of all. */
  distance(i: number): number {
    return i >= this.around
      ? 0
      : i < this.beforeCount
        ? this.beforeCount - i
        : i - this.beforeCount + 1;
  }

  /** Word `i`, lower-cased. */
  word(i: number): string {
    if (i >= this.around) return this.keyWords![i - this.around]!;
    let w = this.cache[i];
    if (w === undefined) {
      w = this.text.slice(this.starts[i]!, this.ends[i]!).toLowerCase();
      this.cache[i] = w;
    }
    return w;
  }

  /**
   * For a word of the text window that is all ASCII: its length and lower-cased first character
   * (what a word list can rule it out by without slicing it). `-1` otherwise.
   */
  asciiShape(i: number): number {
    if (i >= this.around || this.ascii[i] === 0) return -1;
    let c = this.text.charCodeAt(this.starts[i]!);
    if (c >= 65 && c <= 90) c += 32;
    return c * 1024 + Math.min(this.ends[i]! - this.starts[i]!, 1023);
  }

  /** Splits `[from, to)` into words: ASCII letters and digits (split at camelCase), non-ASCII. */
  private split(from: number, to: number): void {
    const text = this.text;
    let start = -1;
    let ascii = 1;
    for (let i = from; i <= to; i++) {
      const c = i < to ? text.charCodeAt(i) : 32;
      const isUpper = c >= 65 && c <= 90;
      const word = isUpper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127;
      let split = !word;
      if (word && isUpper && start >= 0) {
        // camelCase: an upper-case letter after a lower-case letter or digit starts a new word.
        const p = text.charCodeAt(i - 1);
        split = (p >= 97 && p <= 122) || (p >= 48 && p <= 57);
      }
      if (split && start >= 0) {
        this.starts.push(start);
        this.ends.push(i);
        this.ascii.push(ascii);
        start = -1;
      }
      if (!word) continue;
      if (start < 0) {
        start = i;
        ascii = 1;
      }
      if (c > 127) ascii = 0;
    }
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
}
