import { type AirlockError, formatErrorForModel } from '@airlock/core';

const BLOCKED = Symbol.for('airlock.openai-agents.blocked');

/**
 * What a guarded function tool's `execute` returns when Airlock blocks the call after the input
 * checks passed (a rate limit, a budget, a failing tool). The tool's output guardrail turns it
 * into `rejectContent(text)`. Should it reach the model some other way, it serialises to the same
 * text, so the model reads the error and never a stack trace.
 */
export class AirlockBlockedOutput {
  readonly [BLOCKED] = true;
  constructor(
    readonly error: AirlockError,
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

export function isAirlockBlockedOutput(value: unknown): value is AirlockBlockedOutput {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BLOCKED] === true
  );
}

/** How a blocked call reads for the model. */
export type ErrorFormatter = (error: AirlockError) => string;

export const defaultFormatError: ErrorFormatter = formatErrorForModel;
