import { MAX_OFFSETS, type RegexStart } from './regex-start.js';

/**
 * One pass over a text finds where its tokens start, for every pattern that can only match at
 * a token start (most identifiers: cards, phone numbers, national ids, IBANs). A token starts at
 * an ASCII digit or capital that does not follow an ASCII letter or digit. What the pass knows
 * there (digit or capital, the length of the run of that kind, the character after the run)
 * picks, through a table built once per set of patterns, those whose start fits: each offset in
 * the run allows a character of its kind, the offset after it allows that character, and a
 * final `(?!\d…)` leaves room for a match to end. The position goes on their lists, and nowhere
 * else.
 */
export class TokenDispatch {
  /** `table[signature]`: the ids of the patterns a token with that signature may start. */
  private readonly table: (Int32Array | undefined)[] = new Array(SIGNATURES);

  /**
   * The dispatch for these pattern starts, built once per set: every engine of a process with
   * the same recognizers (and every workspace profile that enables the same ones) shares it.
   */
  static for(starts: readonly RegexStart[]): TokenDispatch {
    const key = starts.map(startId).join(',');
    let dispatch = DISPATCHES.get(key);
    if (!dispatch) {
      if (DISPATCHES.size >= 256) DISPATCHES.clear();
      dispatch = new TokenDispatch(starts);
      DISPATCHES.set(key, dispatch);
    }
    return dispatch;
  }

  constructor(readonly starts: readonly RegexStart[]) {
    // Per pattern and kind: how many leading offsets allow a character of the kind.
    const allowRun = starts.map((s) => [leadingRows(s, 48, 57), leadingRows(s, 65, 90)]);
    const shared = new Map<string, Int32Array>();
    for (let kind = 0; kind < 2; kind++) {
      for (let run = 1; run <= MAX_RUN; run++) {
        for (let next = 0; next < NEXT_CLASSES; next++) {
          const ids: number[] = [];
          for (let id = 0; id < starts.length; id++) {
            const s = starts[id]!;
            // Every character of the run is of the kind, so each offset in it must allow one.
            if (allowRun[id]![kind]! < Math.min(run, s.length)) continue;
            if (run < s.length && !allowsNext(s, run, next)) continue;
            if (!mayEnd(s, kind, run, next)) continue;
            ids.push(id);
          }
          if (ids.length === 0) continue;
          const key = ids.join(',');
          let list = shared.get(key);
          if (!list) shared.set(key, (list = Int32Array.from(ids)));
          this.table[signature(kind, run, next)] = list;
        }
      }
    }
  }

  /**
   * The candidate start positions of each pattern in `text`, by id, in order; `null` for a
   * pattern with more than `limit` of them (a native whole-text search is cheaper then).
   */
  positions(text: string, limit: number): (number[] | null)[] {
    // Lists are made on their first position (most patterns get none in a given text).
    const lists: (number[] | null)[] = new Array(this.starts.length).fill(null);
    const n = text.length;
    // Read through a typed array copy of the text: far faster than `charCodeAt`.
    const codes = n <= CODES.length && LITTLE_ENDIAN ? copied(text) : codesOf(text);
    const table = this.table;
    let inToken = false;
    for (let i = 0; i < n; i++) {
      const kind = KIND[codes[i]!]!;
      if (kind === OTHER) {
        inToken = false;
        continue;
      }
      if (inToken) continue;
      // A token starts here: the previous character is neither a letter nor a digit.
      inToken = true;
      if (kind === LOWER) continue;
      let j = i + 1;
      while (j < n && KIND[codes[j]!] === kind) j++;
      const next = j >= n ? END : codes[j]! < 128 ? codes[j]! : NON_ASCII;
      const ids = table[signature(kind - 1, Math.min(j - i, MAX_RUN), next)];
      if (ids !== undefined) {
        for (let k = 0; k < ids.length; k++) {
          const id = ids[k]!;
          const list = lists[id];
          // One past the limit marks the list as too long (see below).
          if (!list) lists[id] = [i];
          else if (list.length <= limit) list.push(i);
        }
      }
      i = j - 1;
    }
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k];
      lists[k] = !list ? EMPTY : list.length > limit ? null : list;
    }
    return lists;
  }
}

/** The list of a pattern no token of the text fits (shared: nobody writes to it). */
const EMPTY: number[] = [];
const DISPATCHES = new Map<string, TokenDispatch>();
const START_IDS = new WeakMap<RegexStart, number>();
let nextStartId = 0;

function startId(start: RegexStart): number {
  let id = START_IDS.get(start);
  if (id === undefined) START_IDS.set(start, (id = nextStartId++));
  return id;
}

const OTHER = 0;
const DIGIT = 1;
const UPPER = 2;
const LOWER = 3;
/** The kind of every UTF-16 code unit (a full table: no range test in the loop). */
const KIND = new Uint8Array(65536);
for (let c = 48; c <= 57; c++) KIND[c] = DIGIT;
for (let c = 65; c <= 90; c++) KIND[c] = UPPER;
for (let c = 97; c <= 122; c++) KIND[c] = LOWER;

/** Runs are told apart up to this length (no pattern start describes more offsets). */
const MAX_RUN = MAX_OFFSETS;
/** The character after a run: ASCII codes, then any other character, then the end of the text. */
const NON_ASCII = 128;
const END = 129;
const NEXT_CLASSES = 130;
const SIGNATURES = 2 * (MAX_RUN + 1) * NEXT_CLASSES;

function signature(kind: number, run: number, next: number): number {
  return (kind * (MAX_RUN + 1) + run) * NEXT_CLASSES + next;
}

/** How many leading offsets of `start` allow some character in `lo..hi`. */
function leadingRows(start: RegexStart, lo: number, hi: number): number {
  let rows = 0;
  for (; rows < start.length; rows++) {
    let any = false;
    for (let c = lo; c <= hi && !any; c++) any = start.allowed[rows * 128 + c] === 1;
    if (!any) break;
  }
  return rows;
}

/**
 * Whether a match may end somewhere a final negative lookahead allows: within the run the next
 * character is of the run's kind (a 10-digit run cannot hold a 9-digit number that may not be
 * followed by a digit), at its end it is `next`. Matches of 16 or more characters may end past
 * what the token tells.
 */
function mayEnd(start: RegexStart, kind: number, run: number, next: number): boolean {
  const after = start.after;
  if (!after || start.ends & (1 << MAX_OFFSETS)) return true;
  const [lo, hi] = kind === 0 ? [48, 57] : [65, 90];
  let kindAfter = true;
  for (let c = lo; c <= hi; c++) if (after[c] !== 1) kindAfter = false;
  for (let e = 1; e < MAX_OFFSETS; e++) {
    if ((start.ends & (1 << e)) === 0) continue;
    if (e > run) return true;
    if (e === run) {
      if (next === END || next === NON_ASCII || after[next] !== 1) return true;
    } else if (!kindAfter) return true;
  }
  return false;
}

/** Whether offset `row` allows the character class `next` (an ASCII code, `NON_ASCII`, `END`). */
function allowsNext(start: RegexStart, row: number, next: number): boolean {
  if (next === END) return false;
  return next === NON_ASCII ? start.otherAllowed[row] === 1 : start.allowed[row * 128 + next] === 1;
}

/**
 * The text's UTF-16 code units in a typed array, copied natively (a `utf16le` write keeps lone
 * surrogates as they are). Texts of up to 64 Ki code units go to one reused buffer.
 */
const CODES_BUFFER = new ArrayBuffer(1 << 17);
const CODES = new Uint16Array(CODES_BUFFER);
const CODES_WRITER = Buffer.from(CODES_BUFFER);
/** Typed arrays use the machine's byte order; the copy is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The text `CODES` holds now (a later scan, even one nested in a validator, replaces it). */
let held: string | undefined;

function copied(text: string): Uint16Array {
  CODES_WRITER.write(text, 0, 'utf16le');
  held = text;
  return CODES;
}

/** The code units of `text` if the shared buffer still holds them (for other per-text reads). */
export function heldCodes(text: string): Uint16Array | undefined {
  return held === text ? CODES : undefined;
}

function codesOf(text: string): Uint16Array {
  const codes = new Uint16Array(text.length);
  if (LITTLE_ENDIAN) Buffer.from(codes.buffer).write(text, 0, 'utf16le');
  else for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}
