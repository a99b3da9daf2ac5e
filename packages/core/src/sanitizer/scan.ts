import { boundaryAllows, literalCandidates } from './pattern-plan.js';
import type { CompiledPattern, CompiledRecognizer, SanitizerProfile } from './profile.js';
import type {
  ExplainedCandidate,
  Finding,
  FindingExplanation,
  ValidationOutcome,
} from './recognizer.js';
import { TextFacts } from './text-facts.js';
import type { WordWindow } from './word-window.js';

/** Raised by a context word: Presidio's arithmetic (+0.35, at least 0.4). */
const CONTEXT_BOOST = 0.35;
const CONTEXT_FLOOR = 0.4;
/** Lowered by an anti-context word: enough to drop even a validated value without context. */
const ANTI_CONTEXT_PENALTY = 0.6;
/** Characters searched for context words before and after a match. */
const WINDOW_BEFORE = 48;
const WINDOW_AFTER = 24;
/**
 * Context words are looked up for this many candidates of one recognizer in one text. Past it
 * (only hostile input gets there) a candidate counts as having context when the text holds a
 * context word anywhere, so the cost stays linear and nothing is unmasked for it.
 */
const CONTEXT_LOOKUPS = 2048;

/**
 * Runs a profile's recognizers over `text` and returns the scored candidates (overlaps not yet
 * resolved). `keyWords` are the words of the JSON key the text sits under; `keyed` are the
 * recognizers for which that key makes the whole string a candidate.
 */
export function scanText(
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
      // A pattern that needs context is skipped when no context word occurs in the text. For a
      // regex that is looked up at its first candidate (most texts have none, and the lookup is
      // a text search); code is not run at all.
      if (p.regex) runRegex(c, p, facts, words, out, sink);
      else if (p.find) {
        if (p.requiresContext && !words.contextPossible()) continue;
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

  get window(): WordWindow {
    return this.facts.window;
  }

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
  facts: TextFacts,
  state: WordsState,
  out: Finding[],
  sink: ExplainedCandidate[] | undefined,
): void {
  const text = facts.text;
  const plan = p.plan;
  const at =
    plan?.kind === 'token'
      ? facts.tokenCandidates(plan)
      : plan?.kind === 'literal'
        ? literalCandidates(plan, text)
        : undefined;
  if (at && plan && plan.kind !== 'global') {
    // The same matches as a whole-text search: tried only where one can start (see pattern-plan).
    const re = plan.sticky;
    const start = plan.start;
    let next = 0;
    for (const pos of at) {
      // The character before is the one test a token candidate has not had yet; the regex
      // itself is the rest (a failed sticky attempt costs about what more tests would).
      if (pos < next || !boundaryAllows(start, text, pos)) continue;
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m === null) continue;
      next = pos + m[0].length;
      if (!onMatch(c, p, text, m, state, out, sink)) return;
    }
    return;
  }
  const re = p.regex!;
  re.lastIndex = 0;
  let m = re.exec(text);
  while (m !== null) {
    if (m[0].length === 0) re.lastIndex++;
    else if (!onMatch(c, p, text, m, state, out, sink)) return;
    m = re.exec(text);
  }
}

function onMatch(
  c: CompiledRecognizer,
  p: CompiledPattern,
  text: string,
  m: RegExpExecArray,
  state: WordsState,
  out: Finding[],
  sink: ExplainedCandidate[] | undefined,
): boolean {
  let start = m.index;
  let end = start + m[0].length;
  if (p.groups) {
    const span = groupSpan(m, p.groups);
    if (span) [start, end] = span;
    else start = end = -1;
  }
  if (end > start) {
    // No context word anywhere: the pattern cannot keep a candidate, stop it (see scanText).
    if (p.requiresContext && !state.contextPossible()) return false;
    const f = score(c, p, text, start, end, state, sink);
    if (f) out.push(f);
  }
  return true;
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
    const win = state.window;
    win.fill(text, start, end, WINDOW_BEFORE, WINDOW_AFTER, keyWords);
    const ctx = c.context?.nearestIn(win);
    // Without a context word such a candidate is dropped whatever else is near: unless the
    // drop is to be explained, the anti-context lookup can be skipped.
    if (!ctx && p.requiresContext && !sink) return undefined;
    const anti = c.anti?.nearestIn(win);
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
