/**
 * A recognizer finds one entity type. Patterns propose candidates with a prior score; an optional
 * validator (a checksum) confirms or drops them; context words near a match raise the score and
 * anti-context words lower it.
 */

export interface RecognizerPattern {
  /** Names the pattern in explanations. */
  name: string;
  /**
   * Must be linear-time on any input (no nested quantifiers over overlapping classes). It is
   * compiled with the `g` flag added if missing.
   */
  regex: RegExp;
  /** Prior confidence in 0..1 before validation and context. */
  score: number;
  /** Capture group holding the value (for patterns that match a key name around it). Default 0. */
  group?: number;
}

/** `true`: confirmed (e.g. checksum passes). `false`: drop the candidate. `undefined`: unknown. */
export type ValidationOutcome = boolean | undefined;

export interface Recognizer {
  /** Unique name, e.g. `aadhaar-verhoeff`. */
  name: string;
  /** Entity type id, e.g. `aadhaar` (see DESIGN.md for the list). */
  type: string;
  patterns: readonly RecognizerPattern[];
  validate?(value: string): ValidationOutcome;
  /** Whole words that, near a match, make it more likely (e.g. "aadhaar", "uid"). */
  context?: readonly string[];
  /** Whole words that, near a match, make it less likely (e.g. "order", "invoice"). */
  antiContext?: readonly string[];
  /** Findings below this score are dropped. Default 0.5. */
  minScore?: number;
  /** The longest value this recognizer can match: the stream scanner holds back this much. */
  maxLength?: number;
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
  validation: 'valid' | 'unknown';
  contextWord?: string;
  antiContextWord?: string;
}

/** Defines a recognizer, checking it at start-up so a bad one fails loudly, not at a call. */
export function defineRecognizer(recognizer: Recognizer): Recognizer {
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
    if (!(p.regex instanceof RegExp)) {
      throw new TypeError(`defineRecognizer(${recognizer.name}): pattern ${p.name} needs a RegExp`);
    }
    if (!(p.score >= 0 && p.score <= 1)) {
      throw new TypeError(
        `defineRecognizer(${recognizer.name}): pattern ${p.name} score must be in 0..1`,
      );
    }
  }
  return recognizer;
}
