/**
 * The sanitizer's scanner as it was before candidate indexing: every pattern of every enabled
 * recognizer runs over the whole text. Kept, unoptimised, as the reference the fast scanner
 * (`../sanitizer/scan.ts`) must agree with finding for finding, dropped candidate for dropped
 * candidate (see `ReferenceSanitizerEngine`), and as the baseline of the sanitizer benchmark.
 */
import type {
  CompiledPattern,
  CompiledRecognizer,
  SanitizerProfile,
} from '../sanitizer/profile.js';
import type {
  ExplainedCandidate,
  Finding,
  FindingExplanation,
  ValidationOutcome,
} from '../sanitizer/recognizer.js';
import { referenceWordsAround as wordsAround } from './reference-words.js';

/** The profile's keywords as one longest-first alternation (the scanner's own regex is a trie). */
const KEYWORD_SCANS = new WeakMap<SanitizerProfile, RegExp | undefined>();

function referenceKeywordScan(profile: SanitizerProfile): RegExp | undefined {
  if (!KEYWORD_SCANS.has(profile)) {
    const keywords = profile.recognizers.flatMap((c) => c.recognizer.prefilter?.keywords ?? []);
    const escapeRe = (k: string) => k.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    const unique = [...new Set(keywords.map((k) => k.toLowerCase()))].sort(
      (a, b) => b.length - a.length,
    );
    KEYWORD_SCANS.set(
      profile,
      unique.length > 0 ? new RegExp(unique.map(escapeRe).join('|'), 'g') : undefined,
    );
  }
  return KEYWORD_SCANS.get(profile);
}

/** Raised by a context word: Presidio's arithmetic (+0.35, at least 0.4). */
const CONTEXT_BOOST = 0.35;
const CONTEXT_FLOOR = 0.4;
/** Lowered by an anti-context word: enough to drop even a validated value without context. */
const ANTI_CONTEXT_PENALTY = 0.6;
/** Characters searched for context words before and after a match. */
const WINDOW_BEFORE = 48;
const WINDOW_AFTER = 24;
/** Texts up to this long get the cheap feature tests; longer ones always hold digits and words. */
const SHORT = 1024;
/**
 * Context words are looked up for this many candidates of one recognizer in one text. Past it
 * (only hostile input gets there) a candidate counts as having context when the text holds a
 * context word anywhere, so the cost stays linear and nothing is unmasked for it.
 */
const CONTEXT_LOOKUPS = 2048;

/** What is cheap to know about the text, computed on demand. */
class TextFacts {
  private lowerText: string | undefined;
  private digitCount = -1;
  private present: Set<string> | undefined;

  constructor(
    readonly text: string,
    private readonly profile: SanitizerProfile,
  ) {}

  get lower(): string {
    this.lowerText ??= this.text.toLowerCase();
    return this.lowerText;
  }

  digits(): number {
    if (this.digitCount < 0) {
      if (this.text.length > SHORT) this.digitCount = Number.POSITIVE_INFINITY;
      else {
        let n = 0;
        const t = this.text;
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c >= 48 && c <= 57) n++;
        }
        this.digitCount = n;
      }
    }
    return this.digitCount;
  }

  /** Whether the text holds one of `keywords`: all keywords are found in one pass, once. */
  hasKeyword(keywords: readonly string[]): boolean {
    if (!this.present) {
      this.present = new Set();
      const re = referenceKeywordScan(this.profile);
      if (re) {
        re.lastIndex = 0;
        const lower = this.lower;
        for (let m = re.exec(lower); m; m = re.exec(lower)) this.present.add(m[0]);
      }
    }
    if (this.present.size === 0) return false;
    for (const k of keywords) {
      if (this.present.has(k)) return true;
      // A keyword inside a longer one that matched there (`gh` inside `github_pat_`).
      for (const p of this.present) if (p.length > k.length && p.includes(k)) return true;
    }
    return false;
  }
}

/**
 * Runs a profile's recognizers over `text` and returns the scored candidates (overlaps not yet
 * resolved). `keyWords` are the words of the JSON key the text sits under; `keyed` are the
 * recognizers for which that key makes the whole string a candidate.
 */
export function referenceScanText(
  profile: SanitizerProfile,
  text: string,
  keyWords: readonly string[] | undefined,
  keyed: readonly CompiledRecognizer[] | undefined,
  sink: ExplainedCandidate[] | undefined,
): Finding[] {
  const out: Finding[] = [];
  const facts = new TextFacts(text, profile);
  if (keyed && keyed.length > 0) {
    const trimmed = text.trim();
    if (trimmed.length > 0) {
      const start = text.indexOf(trimmed);
      for (const c of keyed) {
        const p: CompiledPattern = {
          name: 'json-key',
          score: c.recognizer.jsonKeys!.score,
          requiresContext: false,
        };
        const f = score(
          c,
          p,
          text,
          start,
          start + trimmed.length,
          new WordsState(c, facts, keyWords),
          sink,
        );
        if (f) out.push(f);
      }
    }
  }
  for (const c of profile.recognizers) {
    if (c.minDigits > 0 && facts.digits() < c.minDigits) continue;
    if (c.keywords && !facts.hasKeyword(c.keywords)) continue;
    const words = new WordsState(c, facts, keyWords);
    for (const p of c.patterns) {
      if (p.requiresContext && !words.contextPossible()) continue;
      if (p.regex) runRegex(c, p, text, words, out, sink);
      else if (p.find) {
        for (const [start, end] of p.find(text, facts.lower)) {
          const f = score(c, p, text, start, end, words, sink);
          if (f) out.push(f);
        }
      }
    }
  }
  return out;
}

/** Per recognizer and text: whether its context or anti-context words occur at all, and a budget. */
class WordsState {
  private ctx: boolean | undefined;
  private anti: boolean | undefined;
  lookups = 0;

  constructor(
    readonly c: CompiledRecognizer,
    private readonly facts: TextFacts,
    readonly keyWords: readonly string[] | undefined,
  ) {}

  contextPossible(): boolean {
    this.ctx ??=
      !!this.c.context &&
      ((this.keyWords !== undefined && this.c.context.find(this.keyWords) !== undefined) ||
        this.c.context.mayAppearIn(this.facts.lower));
    return this.ctx;
  }

  antiPossible(): boolean {
    this.anti ??=
      !!this.c.anti &&
      ((this.keyWords !== undefined && this.c.anti.find(this.keyWords) !== undefined) ||
        this.c.anti.mayAppearIn(this.facts.lower));
    return this.anti;
  }
}

function runRegex(
  c: CompiledRecognizer,
  p: CompiledPattern,
  text: string,
  state: WordsState,
  out: Finding[],
  sink: ExplainedCandidate[] | undefined,
): void {
  const re = p.regex!;
  re.lastIndex = 0;
  let m = re.exec(text);
  while (m !== null) {
    if (m[0].length === 0) re.lastIndex++;
    else {
      let start = m.index;
      let end = start + m[0].length;
      if (p.groups) {
        const span = groupSpan(m, p.groups);
        if (span) [start, end] = span;
        else start = end = -1;
      }
      if (end > start) {
        const f = score(c, p, text, start, end, state, sink);
        if (f) out.push(f);
      }
    }
    m = re.exec(text);
  }
}

function groupSpan(
  m: RegExpExecArray,
  groups: readonly (number | string)[],
): [number, number] | undefined {
  const indices = m.indices!;
  for (const g of groups) {
    const span = typeof g === 'number' ? indices[g] : indices.groups?.[g];
    if (span && span[1] > span[0]) return [span[0], span[1]];
  }
  return undefined;
}

/** Validation, context and the threshold: a finding, or `undefined` if it is dropped. */
function score(
  c: CompiledRecognizer,
  p: CompiledPattern,
  text: string,
  start: number,
  end: number,
  state: WordsState,
  sink: ExplainedCandidate[] | undefined,
): Finding | undefined {
  const r = c.recognizer;
  const keyWords = state.keyWords;
  let valid: ValidationOutcome;
  if (r.validate) {
    const res = r.validate(text.slice(start, end), { text, start, end, pattern: p.name });
    if (res !== null && typeof res === 'object') {
      valid = res.valid;
      if (res.length > 0 && res.length < end - start) end = start + res.length;
    } else valid = res;
  }
  const explanation: FindingExplanation = {
    recognizer: r.name,
    pattern: p.name,
    priorScore: p.score,
    validation: valid === true ? 'valid' : valid === false ? 'invalid' : 'unknown',
  };
  if (valid === false) return drop(sink, r.type, text, start, end, 0, explanation, 'invalid');
  let s = valid === true ? 1 : p.score;
  // Context cannot change a certain finding that has no anti-context: skip the word scan. Nor
  // can words that occur nowhere in the text.
  const wantCtx = !!c.context && (s < 1 || p.requiresContext) && state.contextPossible();
  const wantAnti = state.antiPossible();
  if ((wantCtx || wantAnti) && state.lookups >= CONTEXT_LOOKUPS) {
    if (wantCtx) {
      explanation.contextWord = '(context budget exhausted: a context word occurs in the text)';
      s = Math.min(1, Math.max(s + CONTEXT_BOOST, CONTEXT_FLOOR));
    }
  } else if (wantCtx || wantAnti) {
    state.lookups++;
    const { words, beforeCount } = wordsAround(text, start, end, WINDOW_BEFORE, WINDOW_AFTER);
    const around = words.length;
    if (keyWords) for (const w of keyWords) words.push(w);
    // Distance in words from the match; the JSON key the value sits under is nearest of all.
    const distance = (i: number) =>
      i >= around ? 0 : i < beforeCount ? beforeCount - i : i - beforeCount + 1;
    const anti = c.anti?.nearest(words, distance);
    const ctx = c.context?.nearest(words, distance);
    // The nearer word decides: in "order 12, ssn 123-45-6789" the SSN's own label wins, in
    // `"phone": "…", "ts": 1718035200` the timestamp's does.
    if (anti) explanation.antiContextWord = anti.word;
    if (anti && (!ctx || anti.distance < ctx.distance)) s = Math.max(0, s - ANTI_CONTEXT_PENALTY);
    else if (ctx) {
      explanation.contextWord = ctx.word;
      s = Math.min(1, Math.max(s + CONTEXT_BOOST, CONTEXT_FLOOR));
    }
  }
  s = Math.round(s * 1000) / 1000;
  if (p.requiresContext && !explanation.contextWord)
    return drop(sink, r.type, text, start, end, s, explanation, 'no-context');
  if (s < c.minScore) return drop(sink, r.type, text, start, end, s, explanation, 'low-score');
  return { type: r.type, value: text.slice(start, end), start, end, score: s, explanation };
}

function drop(
  sink: ExplainedCandidate[] | undefined,
  type: string,
  text: string,
  start: number,
  end: number,
  score: number,
  explanation: FindingExplanation,
  dropped: ExplainedCandidate['dropped'],
): undefined {
  sink?.push({
    type,
    value: text.slice(start, end),
    start,
    end,
    score,
    explanation,
    kept: false,
    dropped,
  });
  return undefined;
}
