import { AirlockConfigError } from '../errors.js';
import { parseDuration } from '../policy/duration.js';
import { isTransientError } from './transient.js';

/** What `onRetry` is told before each retry. */
export interface RetryInfo {
  /** The retry about to run: 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export type ErrorClass = abstract new (...args: any[]) => unknown;

/**
 * When and how to retry a failed attempt. Retries apply only to tools declared
 * `idempotent: true`: running a non-idempotent tool twice could do the action twice.
 */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** The first retry waits up to this long (full jitter). Default 100 ms. */
  baseDelay?: number | string;
  /** No wait is longer, and an error asking for a longer `retryAfterMs` is not retried. Default 10 s. */
  maxDelay?: number | string;
  /**
   * Which errors to retry: error classes (`instanceof`), or a predicate. Default: timeouts,
   * thrown errors and `RetryableToolError`, but not a `ToolError` that is not retryable.
   */
  retryOn?: readonly ErrorClass[] | ((error: unknown, attempt: number) => boolean);
  /** Retry budget (per tool, per process), or `false` for none. Default `{ maxTokens: 10, tokenRatio: 0.1 }`. */
  budget?: { maxTokens?: number; tokenRatio?: number } | false;
  /** Source of randomness for the jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Told before every retry (after its delay is chosen). */
  onRetry?: (info: RetryInfo) => void;
}

export interface NormalizedRetryOptions {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryOn: (error: unknown, attempt: number) => boolean;
  budget: { maxTokens: number; tokenRatio: number } | undefined;
  random: () => number;
  onRetry: ((info: RetryInfo) => void) | undefined;
}

export const RETRY_DEFAULTS = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 10_000 } as const;

/** Checks retry options; throws `AirlockConfigError` naming `field` for a bad value. */
export function normalizeRetryOptions(
  options: RetryOptions,
  field: string,
): NormalizedRetryOptions {
  if (options === null || typeof options !== 'object')
    throw new AirlockConfigError('expected an object or false', field);
  const known = new Set([
    'maxRetries',
    'baseDelay',
    'maxDelay',
    'retryOn',
    'budget',
    'random',
    'onRetry',
  ]);
  for (const k of Object.keys(options)) {
    if (!known.has(k)) throw new AirlockConfigError(`unknown option '${k}'`, field);
  }
  const ms = (v: number | string | undefined, name: string, dflt: number): number => {
    if (v === undefined) return dflt;
    try {
      return parseDuration(v, name);
    } catch (error) {
      throw new AirlockConfigError((error as Error).message, field);
    }
  };
  const maxRetries = options.maxRetries ?? RETRY_DEFAULTS.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 100) {
    throw new AirlockConfigError(
      `maxRetries must be an integer from 0 to 100, got ${String(maxRetries)}`,
      field,
    );
  }
  const baseDelayMs = ms(options.baseDelay, 'baseDelay', RETRY_DEFAULTS.baseDelayMs);
  const maxDelayMs = ms(options.maxDelay, 'maxDelay', RETRY_DEFAULTS.maxDelayMs);
  if (maxDelayMs < baseDelayMs)
    throw new AirlockConfigError('maxDelay must be >= baseDelay', field);
  let budget: NormalizedRetryOptions['budget'];
  if (options.budget !== false) {
    const b = options.budget ?? {};
    const maxTokens = b.maxTokens ?? 10;
    const tokenRatio = b.tokenRatio ?? 0.1;
    if (!(Number.isFinite(maxTokens) && maxTokens > 0))
      throw new AirlockConfigError('budget.maxTokens must be > 0', field);
    if (!(Number.isFinite(tokenRatio) && tokenRatio > 0))
      throw new AirlockConfigError('budget.tokenRatio must be > 0', field);
    budget = { maxTokens, tokenRatio };
  }
  for (const k of ['random', 'onRetry'] as const) {
    if (options[k] !== undefined && typeof options[k] !== 'function')
      throw new AirlockConfigError(`${k} must be a function`, field);
  }
  return {
    maxRetries,
    baseDelayMs,
    maxDelayMs,
    retryOn: toPredicate(options.retryOn, field),
    budget,
    random: options.random ?? Math.random,
    onRetry: options.onRetry,
  };
}

function toPredicate(
  retryOn: RetryOptions['retryOn'],
  field: string,
): (error: unknown, attempt: number) => boolean {
  if (retryOn === undefined) return isTransientError;
  if (typeof retryOn === 'function') return retryOn;
  if (!Array.isArray(retryOn) || retryOn.some((c) => typeof c !== 'function')) {
    throw new AirlockConfigError('retryOn must be an array of error classes or a function', field);
  }
  const classes = [...retryOn];
  return (error) => classes.some((c) => error instanceof c);
}

/** Tool options over airlock defaults: `false` turns retries off for one tool. */
export function mergeRetryOptions(
  defaults: RetryOptions | false | undefined,
  tool: RetryOptions | false | undefined,
): RetryOptions | undefined {
  if (tool === false) return undefined;
  if (tool === undefined) return defaults === false ? undefined : defaults;
  return { ...(defaults || {}), ...tool };
}
