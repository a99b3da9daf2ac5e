import { type Clock, systemClock } from '../backends/clock.js';
import type { StateStore } from '../backends/state-store.js';
import { AirlockConfigError } from '../errors.js';
import { type CircuitBreakerOptions, normalizeBreakerOptions } from './breaker-options.js';
import {
  type BreakerTransition,
  type CircuitBreaker,
  CircuitOpenError,
} from './circuit-breaker.js';
import { MemoryCircuitBreaker } from './memory-breaker.js';
import { RetryBudget } from './retry-budget.js';
import { normalizeRetryOptions, type RetryOptions } from './retry-options.js';
import { type CallPolicies, runWithPolicies } from './run-with-policies.js';
import { SharedCircuitBreaker } from './shared-breaker.js';

/**
 * A breaker outside a tool, for plugins that guard their own dependency (a sandbox service, an
 * API). `shared: true` needs a `store`.
 */
export function createCircuitBreaker(
  options: CircuitBreakerOptions & { key: string },
  deps: { clock?: Clock; store?: StateStore; onTransition?: (t: BreakerTransition) => void } = {},
): CircuitBreaker {
  const o = normalizeBreakerOptions(options, `breaker '${options?.key}'`);
  const clock = deps.clock ?? systemClock;
  if (o.shared) {
    if (!deps.store)
      throw new AirlockConfigError('shared: true needs a StateStore', `breaker '${options.key}'`);
    return new SharedCircuitBreaker(
      options.key,
      o,
      deps.store,
      clock,
      o.recoveryTimeoutMs,
      deps.onTransition,
    );
  }
  return new MemoryCircuitBreaker(options.key, o, clock, deps.onTransition);
}

/** Breaker and retry policies ready for `withResilience`. */
export function resiliencePolicies(options: {
  breaker?: CircuitBreaker;
  /** Which errors count against the breaker (default: all). */
  isFailure?: (error: unknown) => boolean;
  retry?: RetryOptions;
  signal?: AbortSignal;
}): CallPolicies {
  const policies: CallPolicies = {};
  if (options.breaker)
    policies.breaker = { breaker: options.breaker, isFailure: options.isFailure ?? (() => true) };
  if (options.retry) {
    const r = normalizeRetryOptions(options.retry, 'retry');
    policies.retry = {
      options: r,
      budget: r.budget ? new RetryBudget(r.budget.maxTokens, r.budget.tokenRatio) : undefined,
    };
  }
  if (options.signal) policies.signal = options.signal;
  return policies;
}

/**
 * Runs `fn` under the policies: resolves with its value, or rejects with its last error, or
 * with `CircuitOpenError` when the breaker does not let it through.
 */
export async function withResilience<T>(
  fn: (attempt: number) => Promise<T>,
  policies: CallPolicies,
): Promise<T> {
  const outcome = await runWithPolicies(fn, policies);
  if (outcome.kind === 'ok') return outcome.value;
  if (outcome.kind === 'open')
    throw new CircuitOpenError(outcome.key, outcome.retryAfterMs, outcome.state);
  throw outcome.error;
}
