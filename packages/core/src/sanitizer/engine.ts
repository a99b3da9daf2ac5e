import type { Finding, Recognizer } from './recognizer.js';
import { KeyedHasher, type MaskStrategy, partial, redact } from './strategies.js';

/** Replaces one finding with its mask (the tokenize strategy plugs in here). */
export type Replacer = (finding: Finding, strategy: MaskStrategy) => string;

export interface SanitizerEngineOptions {
  recognizers: readonly Recognizer[];
  /** Strategy per entity type; `defaultStrategy` for the rest. */
  strategies?: Readonly<Record<string, MaskStrategy>>;
  defaultStrategy?: MaskStrategy;
  /** Key for the `hash` strategy. Without one a random per-process key is used. */
  hashKey?: string;
  /** Types to skip even though a recognizer for them is installed. */
  disabledTypes?: readonly string[];
  /** Characters around a match searched for context words. */
  contextWindow?: number;
}

export interface MaskResult<T> {
  value: T;
  findings: Finding[];
}

interface CompiledPattern {
  name: string;
  regex: RegExp;
  score: number;
  group: number;
}

interface CompiledRecognizer {
  recognizer: Recognizer;
  patterns: CompiledPattern[];
  context: Set<string> | undefined;
  antiContext: Set<string> | undefined;
  minScore: number;
}

const CONTEXT_BOOST = 0.35;
const ANTI_CONTEXT_PENALTY = 0.4;
const VALID_SCORE = 1;

/**
 * Runs recognizers over text or any JSON value and masks what they find. Overlaps are resolved
 * deterministically: higher score first, then the longer value, then the earlier one.
 */
export class SanitizerEngine {
  private readonly compiled: CompiledRecognizer[];
  private readonly strategies: Readonly<Record<string, MaskStrategy>>;
  private readonly defaultStrategy: MaskStrategy;
  private readonly hasher: KeyedHasher;
  private readonly contextWindow: number;
  /** The longest value any recognizer matches: what a stream must hold back. */
  readonly maxLength: number;
  replacer: Replacer | undefined;

  constructor(options: SanitizerEngineOptions) {
    const disabled = new Set(options.disabledTypes ?? []);
    this.compiled = options.recognizers
      .filter((r) => !disabled.has(r.type))
      .map((recognizer) => ({
        recognizer,
        patterns: recognizer.patterns.map((p) => ({
          name: p.name,
          regex: new RegExp(
            p.regex.source,
            p.regex.flags.includes('g') ? p.regex.flags : `${p.regex.flags}g`,
          ),
          score: p.score,
          group: p.group ?? 0,
        })),
        context: wordSet(recognizer.context),
        antiContext: wordSet(recognizer.antiContext),
        minScore: recognizer.minScore ?? 0.5,
      }));
    this.strategies = options.strategies ?? {};
    this.defaultStrategy = options.defaultStrategy ?? 'redact';
    this.hasher = new KeyedHasher(options.hashKey);
    this.contextWindow = options.contextWindow ?? 48;
    this.maxLength = Math.max(64, ...options.recognizers.map((r) => r.maxLength ?? 64));
  }

  get types(): string[] {
    return [...new Set(this.compiled.map((c) => c.recognizer.type))];
  }

  get isEmpty(): boolean {
    return this.compiled.length === 0;
  }

  /** Every sensitive value in `text`, without overlaps, in order of position. */
  scan(text: string): Finding[] {
    if (typeof text !== 'string') throw new TypeError('scan: text must be a string');
    if (text.length === 0 || this.compiled.length === 0) return [];
    const candidates: Finding[] = [];
    for (const c of this.compiled) this.runRecognizer(c, text, candidates);
    return resolveOverlaps(candidates);
  }

  /** Masks a string, or every string inside a JSON value, keeping its shape. */
  mask<T>(value: T): MaskResult<T> {
    const findings: Finding[] = [];
    const masked = this.maskValue(value, [], findings, new WeakSet());
    return { value: masked as T, findings };
  }

  /** Masks `text` and returns the findings (with `path` set when given). */
  maskText(text: string, path?: (string | number)[]): MaskResult<string> {
    const findings = this.scan(text);
    if (findings.length === 0) return { value: text, findings };
    let out = '';
    let last = 0;
    for (const f of findings) {
      if (path) f.path = path;
      out += text.slice(last, f.start) + this.replace(f);
      last = f.end;
    }
    return { value: out + text.slice(last), findings };
  }

  /** The mask for one finding under its type's strategy. */
  replace(finding: Finding): string {
    const strategy = this.strategies[finding.type] ?? this.defaultStrategy;
    if (strategy === 'partial') return partial(finding.type, finding.value);
    if (strategy === 'hash') return this.hasher.hash(finding.type, finding.value);
    if (strategy === 'tokenize' && this.replacer) return this.replacer(finding, strategy);
    return redact(finding.type);
  }

  private maskValue(
    value: unknown,
    path: (string | number)[],
    findings: Finding[],
    seen: WeakSet<object>,
  ): unknown {
    if (typeof value === 'string') {
      const r = this.maskText(value, path.length > 0 ? [...path] : undefined);
      for (const f of r.findings) findings.push(f);
      return r.value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (Array.isArray(value)) {
      const out = value.map((item, i) => this.maskValue(item, [...path, i], findings, seen));
      seen.delete(value);
      return out;
    }
    if (value instanceof Date || value instanceof RegExp) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const masked = this.maskValue(
        (value as Record<string, unknown>)[key],
        [...path, key],
        findings,
        seen,
      );
      Object.defineProperty(out, key, {
        value: masked,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    seen.delete(value);
    return out;
  }

  private runRecognizer(c: CompiledRecognizer, text: string, out: Finding[]): void {
    for (const p of c.patterns) {
      p.regex.lastIndex = 0;
      let m: RegExpExecArray | null = p.regex.exec(text);
      while (m !== null) {
        if (m[0].length === 0) {
          p.regex.lastIndex++;
        } else {
          const value = m[p.group];
          if (value !== undefined && value.length > 0) {
            const start = p.group === 0 ? m.index : m.index + m[0].indexOf(value);
            const finding = this.score(c, p, text, value, start);
            if (finding) out.push(finding);
          }
        }
        m = p.regex.exec(text);
      }
    }
  }

  private score(
    c: CompiledRecognizer,
    p: CompiledPattern,
    text: string,
    value: string,
    start: number,
  ): Finding | undefined {
    const outcome = c.recognizer.validate?.(value);
    if (outcome === false) return undefined;
    let score = outcome === true ? Math.max(p.score, VALID_SCORE) : p.score;
    const end = start + value.length;
    let contextWord: string | undefined;
    let antiContextWord: string | undefined;
    if (c.context || c.antiContext) {
      const words = nearbyWords(text, start, end, this.contextWindow);
      if (c.context) contextWord = words.find((w) => c.context!.has(w));
      if (c.antiContext) antiContextWord = words.find((w) => c.antiContext!.has(w));
      if (contextWord) score = Math.min(1, score + CONTEXT_BOOST);
      if (antiContextWord) score = Math.max(0, score - ANTI_CONTEXT_PENALTY);
    }
    if (score < c.minScore) return undefined;
    return {
      type: c.recognizer.type,
      value,
      start,
      end,
      score,
      explanation: {
        recognizer: c.recognizer.name,
        pattern: p.name,
        priorScore: p.score,
        validation: outcome === true ? 'valid' : 'unknown',
        ...(contextWord ? { contextWord } : {}),
        ...(antiContextWord ? { antiContextWord } : {}),
      },
    };
  }
}

function wordSet(words: readonly string[] | undefined): Set<string> | undefined {
  return words && words.length > 0 ? new Set(words.map((w) => w.toLowerCase())) : undefined;
}

/** Lower-cased whole words in the window around a match (not inside it). */
function nearbyWords(text: string, start: number, end: number, window: number): string[] {
  const before = text.slice(Math.max(0, start - window), start);
  const after = text.slice(end, end + window);
  return `${before} ${after}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w.length > 0);
}

/** Keeps the best non-overlapping findings: higher score, then longer, then earlier. */
export function resolveOverlaps(candidates: Finding[]): Finding[] {
  if (candidates.length <= 1) return candidates;
  const ranked = [...candidates].sort(
    (a, b) =>
      b.score - a.score ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  const kept: Finding[] = [];
  for (const f of ranked) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}
