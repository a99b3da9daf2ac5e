/**
 * A recognizer finds one entity type. Patterns propose candidates with a prior score; an optional
 * validator (a checksum) confirms (score 1), drops, or leaves them at their prior; context words
 * near a match raise the score and anti-context words lower it.
 */

/** Fields shared by regex and code patterns. */
interface PatternBase {
  /** Names the pattern in explanations. */
  name: string;
  /** Prior confidence in 0..1 before validation and context. */
  score: number;
  /**
   * A candidate from this pattern is kept only when a context word of its recognizer is near it
   * (or in the JSON key it sits under). For weak shapes: a bare 9 or 12 digit run.
   */
  requiresContext?: boolean;
}

export interface RegexPattern extends PatternBase {
  /**
   * Must run in linear time on any input: bounded quantifiers, and a boundary lookbehind before a
   * variable-length start. It is compiled with the `g` (and, for named groups, `d`) flag added.
   */
  regex: RegExp;
  /**
   * The capture group holding the value (for patterns that match a key name around it): a group
   * number or name, or a list of them of which the first that took part is the value. Default 0.
   */
  group?: number | string | readonly (number | string)[];
}

/**
 * A pattern written as code, for shapes a regex cannot find in linear time or cheaply (an email
 * anchored on its `@`, a password anchored on the word `password`). `find` yields `[start, end]`
 * spans; it must be linear in the length of `text`. `lower` is `text` lower-cased.
 */
export interface CodePattern extends PatternBase {
  find(text: string, lower: string): Iterable<readonly [number, number]>;
}

export type RecognizerPattern = RegexPattern | CodePattern;

/** `true`: confirmed (a checksum passes). `false`: drop the candidate. `undefined`: unknown. */
export type ValidationOutcome = boolean | undefined;

/**
 * A validator may also say that only the first `length` characters are the value (an IBAN
 * followed by a short word that the pattern swallowed).
 */
export type ValidationResult = ValidationOutcome | { valid: ValidationOutcome; length: number };

/** What a validator may look at besides the value. */
export interface ValidationContext {
  /** The whole text being scanned. */
  text: string;
  start: number;
  end: number;
  /** The pattern that proposed the value. */
  pattern: string;
}

/** Cheap tests that let the engine skip a recognizer on text that cannot hold its type. */
export interface RecognizerPrefilter {
  /** The text holds at least this many ASCII digits. */
  minDigits?: number;
  /** The text holds one of these (ASCII, case-insensitive substrings). */
  keywords?: readonly string[];
}

export interface Recognizer {
  /** Unique name, e.g. `aadhaar-verhoeff`. */
  name: string;
  /** Entity type id, e.g. `aadhaar` (see DESIGN.md for the list). */
  type: string;
  patterns: readonly RecognizerPattern[];
  validate?(value: string, context: ValidationContext): ValidationResult;
  /**
   * Words or short phrases that, near a match or in the JSON key above it, make it more likely.
   * Matched as whole words, case-insensitively; identifiers are split (`customerPhone` has `phone`).
   */
  context?: readonly string[];
  /** Whole words that make a match less likely (`order`, `invoice`, `arn`). */
  antiContext?: readonly string[];
  /** Findings below this score are dropped. Default 0.5. */
  minScore?: number;
  /** The longest value (with separators) this recognizer matches: a stream holds back this much. */
  maxLength?: number;
  prefilter?: RecognizerPrefilter;
  /**
   * Inside a JSON value, a whole string under a key this regex matches is a candidate of this type
   * (`"password": "hunter2"`), scored `score` and still validated. The regex sees the key's words
   * lower-cased and joined by `_` (`dbPassword` and `DB-PASSWORD` are both `db_password`).
   */
  jsonKeys?: { pattern: RegExp; score: number };
  /** The `partial` mask of a value (default: keep the last 4 characters). */
  partial?(value: string): string;
  /** The canonical form for `hash` and `tokenize`, so spellings of one value map to one mask. */
  normalize?(value: string): string;
  /**
   * Streams: where an unfinished value starts in `text` (a PEM block without its END line), so
   * the stream holds it back; `-1` if none.
   */
  pendingStart?(text: string): number;
}

/** One sensitive value found in text. */
export interface Finding {
  type: string;
  value: string;
  start: number;
  end: number;
  score: number;
  /** Where the string sits inside a JSON value (absent for plain text). */
  path?: (string | number)[];
  /** Why it was found: recognizer, pattern, validation and context word. */
  explanation?: FindingExplanation;
}

export interface FindingExplanation {
  recognizer: string;
  pattern: string;
  priorScore: number;
  validation: 'valid' | 'invalid' | 'unknown';
  contextWord?: string;
  antiContextWord?: string;
}

/** A candidate the engine looked at, kept or not, for `engine.explain()`. */
export interface ExplainedCandidate extends Finding {
  explanation: FindingExplanation;
  kept: boolean;
  /** Why it was dropped. */
  dropped?: 'invalid' | 'no-context' | 'low-score' | 'overlap' | 'allowed';
}

export function isRegexPattern(p: RecognizerPattern): p is RegexPattern {
  return (p as RegexPattern).regex instanceof RegExp;
}

/** Defines a recognizer, checking it at start-up so a bad one fails loudly, not at a call. */
export function defineRecognizer<R extends Recognizer>(recognizer: R): R {
  if (!recognizer || typeof recognizer !== 'object') {
    throw new TypeError('defineRecognizer: expected a recognizer object');
  }
  if (typeof recognizer.name !== 'string' || recognizer.name.length === 0) {
    throw new TypeError('defineRecognizer: name must be a non-empty string');
  }
  if (typeof recognizer.type !== 'string' || !/^[a-z][a-z0-9_]*$/.test(recognizer.type)) {
    throw new TypeError(
      `defineRecognizer(${recognizer.name}): type must be a lower_snake_case id, got ${JSON.stringify(recognizer.type)}`,
    );
  }
  if (!Array.isArray(recognizer.patterns) || recognizer.patterns.length === 0) {
    throw new TypeError(`defineRecognizer(${recognizer.name}): patterns must be a non-empty array`);
  }
  for (const p of recognizer.patterns) {
    const isCode = typeof (p as CodePattern).find === 'function';
    if (!isCode && !((p as RegexPattern).regex instanceof RegExp)) {
      throw new TypeError(
        `defineRecognizer(${recognizer.name}): pattern ${p.name} needs a RegExp or a find() function`,
      );
    }
    if (!(p.score >= 0 && p.score <= 1)) {
      throw new TypeError(
        `defineRecognizer(${recognizer.name}): pattern ${p.name} score must be in 0..1`,
      );
    }
  }
  if (recognizer.patterns.some((p) => p.requiresContext) && !recognizer.context?.length) {
    throw new TypeError(
      `defineRecognizer(${recognizer.name}): a pattern requires context but no context words are given`,
    );
  }
  return recognizer;
}
