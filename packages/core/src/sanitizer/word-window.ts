import { heldCodes } from './token-index.js';

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
  /** Word `i` is `text.slice(starts[i], ends[i])`; `ascii[i]` is 1 when it is all ASCII. */
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private ascii = new Uint8Array(64);
  private readonly cache: (string | undefined)[] = [];
  /** Words of the text window found so far by `split`. */
  private count = 0;

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
    this.count = 0;
    let from = Math.max(0, start - before);
    // Do not start in the middle of a word: it would create a word that is not in the text.
    while (from > 0 && from < start && isWordChar(text.charCodeAt(from - 1))) from++;
    let to = Math.min(text.length, end + after);
    while (to < text.length && to > end && isWordChar(text.charCodeAt(to))) to--;
    const codes = heldCodes(text);
    this.split(from, start, codes);
    this.beforeCount = this.count;
    this.split(end, to, codes);
    this.around = this.count;
    for (let i = 0; i < this.count; i++) this.cache[i] = undefined;
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

  /**
   * Splits `[from, to)` into words: ASCII letters and digits (split at camelCase), non-ASCII.
   * Reads the text's code units from `codes` when the token pass left them there (faster).
   */
  private split(from: number, to: number, codes: Uint16Array | undefined): void {
    const text = this.text;
    let count = this.count;
    // At most one word per two characters, plus one.
    if (count + (to - from + 1) / 2 + 1 > this.starts.length) this.reserve(count + to - from + 2);
    const starts = this.starts;
    const ends = this.ends;
    const ascii = this.ascii;
    let inWord = false;
    let prev = OTHER;
    for (let i = from; i < to; i++) {
      const kind = CLASS[codes ? codes[i]! : text.charCodeAt(i)]!;
      if (kind === OTHER) {
        if (inWord) ends[count++] = i;
        inWord = false;
      } else if (!inWord) {
        inWord = true;
        starts[count] = i;
        ascii[count] = kind === NON_ASCII ? 0 : 1;
      } else if (kind === UPPER && (prev === LOWER || prev === DIGIT)) {
        // camelCase: an upper-case letter after a lower-case letter or digit starts a new word.
        ends[count++] = i;
        starts[count] = i;
        ascii[count] = 1;
      } else if (kind === NON_ASCII) ascii[count] = 0;
      prev = kind;
    }
    if (inWord) ends[count++] = to;
    this.count = count;
  }

  /** Room for `n` words. */
  private reserve(n: number): void {
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    const ascii = new Uint8Array(n);
    starts.set(this.starts.subarray(0, this.count));
    ends.set(this.ends.subarray(0, this.count));
    ascii.set(this.ascii.subarray(0, this.count));
    this.starts = starts;
    this.ends = ends;
    this.ascii = ascii;
  }
}

const OTHER = 0;
const DIGIT = 1;
const UPPER = 2;
const LOWER = 3;
const NON_ASCII = 4;
/** The class of every UTF-16 code unit: not a word character, digit, capital, small, non-ASCII. */
const CLASS = new Uint8Array(65536).fill(NON_ASCII, 128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;

function isWordChar(c: number): boolean {
  return CLASS[c] !== OTHER;
}
