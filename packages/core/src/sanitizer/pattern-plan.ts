import { analyzeRegexStart, type RegexStart } from './regex-start.js';

/**
 * How the scanner finds a regex pattern's matches without running it over the whole text.
 *
 * A global regex reports, from `lastIndex` on, the match at the first position where one exists.
 * If every position where a match can start is in a candidate list, trying the regex (sticky)
 * at each candidate in order, skipping those inside the previous match, reports exactly the same
 * matches. The candidates come from the regex's own start (`regex-start.ts`): token starts for
 * patterns that begin with a digit or capital after a boundary (sorted to the patterns whose
 * first offsets fit the token, see `token-index.ts`), `indexOf` of a leading literal (`eyJ`,
 * `+`, `-----BEGIN`) for others, checked against the allowed characters of the first offsets.
 * Patterns without a usable start, and texts with so many candidates that one native pass is
 * cheaper, use the whole-text search.
 */
export type PatternPlan =
  | { kind: 'global' }
  /** Candidates: token starts (a digit or capital after no letter or digit), see TokenDispatch. */
  | { kind: 'token'; start: RegexStart; sticky: RegExp }
  /** Candidates: the places of a leading literal. */
  | { kind: 'literal'; start: RegexStart; sticky: RegExp; literal: string };

/** More candidates than one per this many characters: a native whole-text search is cheaper. */
const DENSE = 32;

/**
 * Plans by regex source and flags: recognizers are shared module objects, so every engine built
 * in a process plans the same regexes; planning once keeps `createAirlock` cheap. (Sharing the
 * sticky regex is safe: its `lastIndex` is set before each attempt.)
 */
const PLANS = new Map<string, PatternPlan>();

export function planPattern(regex: RegExp): PatternPlan {
  const key = `${regex.flags}/${regex.source}`;
  let plan = PLANS.get(key);
  if (!plan) {
    if (PLANS.size >= 4096) PLANS.clear();
    plan = makePlan(regex);
    PLANS.set(key, plan);
  }
  return plan;
}

function makePlan(regex: RegExp): PatternPlan {
  const start = analyzeRegexStart(regex);
  if (!start) return { kind: 'global' };
  const sticky = new RegExp(regex.source, `${regex.flags.replace(/[gy]/g, '')}y`);
  const before = start.before;
  const boundary = before !== undefined && alnumIn(before);
  const first = !start.otherAllowed[0] && onlyIn(start, 0, [48, 57], [65, 90]);
  if (boundary && first) return { kind: 'token', start, sticky };
  // A leading literal: one character that is not a letter, digit or space, or a longer string.
  let literal = '';
  while (literal.length < start.length) {
    const only = single(start, literal.length);
    if (only < 0) break;
    literal += String.fromCharCode(only);
  }
  const c0 = literal.charCodeAt(0);
  const rare = literal.length === 1 && !isAlnum(c0) && c0 !== 32 && (c0 < 9 || c0 > 13);
  if (literal.length >= 2 || rare) return { kind: 'literal', start, sticky, literal };
  return { kind: 'global' };
}

/** Most candidates worth trying one by one in a text of `length` characters. */
export function candidateLimit(length: number): number {
  return Math.max(16, Math.floor(length / DENSE));
}

/**
 * The positions of a literal plan worth trying, in order; `undefined` when there are too many
 * (search the whole text natively instead).
 */
export function literalCandidates(
  plan: Extract<PatternPlan, { kind: 'literal' }>,
  text: string,
): number[] | undefined {
  const limit = candidateLimit(text.length);
  const out: number[] = [];
  const lit = plan.literal;
  for (let p = text.indexOf(lit); p >= 0; p = text.indexOf(lit, p + 1)) {
    if (passes(plan.start, text, p)) {
      if (out.length >= limit) return undefined;
      out.push(p);
    }
  }
  return out;
}

/** Whether the character before `p` allows a match of a regex with this start there. */
export function boundaryAllows(start: RegexStart, text: string, p: number): boolean {
  if (p === 0 || !start.before) return true;
  const prev = text.charCodeAt(p - 1);
  return prev >= 128 || start.before[prev] === 0;
}

/** Whether a match of a regex with this start may begin at `p`. */
function passes(start: RegexStart, text: string, p: number): boolean {
  if (!boundaryAllows(start, text, p)) return false;
  const allowed = start.allowed;
  const n = start.length;
  if (p + n > text.length) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(p + i);
    if (c < 128 ? allowed[i * 128 + c] === 0 : start.otherAllowed[i] === 0) return false;
  }
  return true;
}

function alnumIn(set: Uint8Array): boolean {
  for (let c = 48; c <= 122; c++) {
    const alnum = c <= 57 || (c >= 65 && c <= 90) || c >= 97;
    if (alnum && set[c] !== 1) return false;
  }
  return true;
}

function onlyIn(start: RegexStart, row: number, ...ranges: [number, number][]): boolean {
  let any = false;
  for (let c = 0; c < 128; c++) {
    if (!start.allowed[row * 128 + c]) continue;
    if (!ranges.some(([lo, hi]) => c >= lo && c <= hi)) return false;
    any = true;
  }
  return any;
}

/** The one character allowed at offset `row`, or -1. */
function single(start: RegexStart, row: number): number {
  if (start.otherAllowed[row]) return -1;
  let only = -1;
  for (let c = 0; c < 128; c++) {
    if (!start.allowed[row * 128 + c]) continue;
    if (only >= 0) return -1;
    only = c;
  }
  return only;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
