import { candidateLimit, type PatternPlan } from './pattern-plan.js';
import type { SanitizerProfile } from './profile.js';
import { WordWindow } from './word-window.js';

/** Texts up to this long get the cheap feature tests; longer ones always hold digits and words. */
const SHORT = 1024;

const WINDOW = new WordWindow();

/** What is cheap to know about the text being scanned, computed on demand and once. */
export class TextFacts {
  private lowerText: string | undefined;
  private digitCount = -1;
  private present: Set<string> | undefined;
  private tokenLists: (number[] | null)[] | undefined;

  constructor(
    readonly text: string,
    private readonly profile: SanitizerProfile,
  ) {}

  get lower(): string {
    this.lowerText ??= this.text.toLowerCase();
    return this.lowerText;
  }

  /**
   * Where a pattern found from token starts may match: one pass over the text fills the lists
   * of all such patterns. `undefined` when there are too many places (search natively).
   */
  tokenCandidates(plan: PatternPlan): number[] | undefined {
    const tokens = this.profile.tokens;
    const id = tokens?.ids.get(plan);
    if (id === undefined) return undefined;
    this.tokenLists ??= tokens!.dispatch.positions(this.text, candidateLimit(this.text.length));
    return this.tokenLists[id] ?? undefined;
  }

  /**
   * The words around a candidate: one window for all scans, refilled for each candidate. It is
   * filled after the candidate's validator ran and read before any other code runs, so a
   * validator that scans another text cannot disturb it.
   */
  get window(): WordWindow {
    return WINDOW;
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
      const re = this.profile.keywordScan;
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
