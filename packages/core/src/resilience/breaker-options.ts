import { AirlockConfigError } from '../errors.js';
import { parseDuration } from '../policy/duration.js';
import { isTransientError } from './transient.js';

/** How a circuit breaker trips and recovers. Durations take ms or strings like `"30s"`. */
export interface CircuitBreakerOptions {
  /** Opens after this many consecutive failures. Default 5 (when `failureRate` is not set). */
  failureThreshold?: number;
  /** Or opens when at least `threshold` (0-1) of the calls in the last `window` failed. */
  failureRate?: { threshold: number; window: number | string; minimumCalls?: number };
  /** How long it stays open before trial calls go through. Default 30 s. */
  recoveryTimeout?: number | string;
  /** Trial calls admitted in half-open; the rest are rejected at once. Default 1. */
  halfOpenRequests?: number;
  /**
   * Keep the breaker's state in the airlock's `StateStore`, so every airlock (every process)
   * using the same store shares one breaker. Costs store round trips per call. Default false.
   */
  shared?: boolean;
  /** Tools with the same key share one breaker (one downstream). Default: the tool's name. */
  key?: string;
  /** Whether an error counts against the breaker. Default: all but a non-retryable ToolError. */
  isFailure?: (error: unknown) => boolean;
}

/** Breaker options with defaults applied and every value checked. */
export interface NormalizedBreakerOptions {
  failureThreshold: number | undefined;
  failureRate: { threshold: number; windowMs: number; minimumCalls: number } | undefined;
  recoveryTimeoutMs: number;
  halfOpenRequests: number;
  shared: boolean;
  key: string | undefined;
  isFailure: (error: unknown) => boolean;
}

export const BREAKER_DEFAULTS = {
  failureThreshold: 5,
  recoveryTimeoutMs: 30_000,
  halfOpenRequests: 1,
} as const;

/** Checks breaker options; throws `AirlockConfigError` naming `field` for a bad value. */
export function normalizeBreakerOptions(
  options: CircuitBreakerOptions,
  field: string,
): NormalizedBreakerOptions {
  if (options === null || typeof options !== 'object')
    throw new AirlockConfigError('expected an object or false', field);
  const known = new Set([
    'failureThreshold',
    'failureRate',
    'recoveryTimeout',
    'halfOpenRequests',
    'shared',
    'key',
    'isFailure',
  ]);
  for (const k of Object.keys(options)) {
    if (!known.has(k)) throw new AirlockConfigError(`unknown option '${k}'`, field);
  }
  const positiveInt = (v: unknown, name: string): number => {
    if (!Number.isInteger(v) || (v as number) < 1)
      throw new AirlockConfigError(`${name} must be an integer >= 1, got ${String(v)}`, field);
    return v as number;
  };
  const duration = (v: number | string, name: string, min: number): number => {
    let ms: number;
    try {
      ms = parseDuration(v, name);
    } catch (error) {
      throw new AirlockConfigError((error as Error).message, field);
    }
    if (ms < min) throw new AirlockConfigError(`${name} must be at least ${min} ms`, field);
    return ms;
  };
  let failureRate: NormalizedBreakerOptions['failureRate'];
  if (options.failureRate !== undefined) {
    const r = options.failureRate;
    if (r === null || typeof r !== 'object')
      throw new AirlockConfigError('failureRate must be { threshold, window }', field);
    if (!(typeof r.threshold === 'number' && r.threshold > 0 && r.threshold <= 1)) {
      throw new AirlockConfigError('failureRate.threshold must be a number in (0, 1]', field);
    }
    failureRate = {
      threshold: r.threshold,
      windowMs: duration(r.window, 'failureRate.window', 10),
      minimumCalls:
        r.minimumCalls === undefined ? 10 : positiveInt(r.minimumCalls, 'failureRate.minimumCalls'),
    };
  }
  const failureThreshold =
    options.failureThreshold !== undefined
      ? positiveInt(options.failureThreshold, 'failureThreshold')
      : failureRate
        ? undefined
        : BREAKER_DEFAULTS.failureThreshold;
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key.length === 0)) {
    throw new AirlockConfigError('key must be a non-empty string', field);
  }
  if (options.isFailure !== undefined && typeof options.isFailure !== 'function') {
    throw new AirlockConfigError('isFailure must be a function', field);
  }
  if (options.shared !== undefined && typeof options.shared !== 'boolean')
    throw new AirlockConfigError('shared must be a boolean', field);
  return {
    failureThreshold,
    failureRate,
    recoveryTimeoutMs:
      options.recoveryTimeout === undefined
        ? BREAKER_DEFAULTS.recoveryTimeoutMs
        : duration(options.recoveryTimeout, 'recoveryTimeout', 1),
    halfOpenRequests:
      options.halfOpenRequests === undefined
        ? BREAKER_DEFAULTS.halfOpenRequests
        : positiveInt(options.halfOpenRequests, 'halfOpenRequests'),
    shared: options.shared ?? false,
    key: options.key,
    isFailure: options.isFailure ?? isTransientError,
  };
}

/** Tool options over airlock defaults: `false` turns the breaker off for one tool. */
export function mergeBreakerOptions(
  defaults: CircuitBreakerOptions | false | undefined,
  tool: CircuitBreakerOptions | false | undefined,
): CircuitBreakerOptions | undefined {
  if (tool === false) return undefined;
  if (tool === undefined) return defaults === false ? undefined : defaults;
  return { ...(defaults || {}), ...tool };
}
