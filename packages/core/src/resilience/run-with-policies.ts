import { fullJitterDelay } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { RetryBudget } from './retry-budget.js';
import type { NormalizedRetryOptions } from './retry-options.js';
import { sleep } from './timeout.js';
import { retryAfterOf } from './transient.js';

/** The policies around one logical call (outer to inner: retry → breaker → attempt timeout → tool). */
export interface CallPolicies {
  breaker?: { breaker: CircuitBreaker; isFailure: (error: unknown) => boolean };
  retry?: { options: NormalizedRetryOptions; budget: RetryBudget | undefined };
  /** Stops retrying (the airlock is closing). */
  signal?: AbortSignal;
  /** A breaker's store failed: the call goes through rather than being blocked by it. */
  onBreakerError?: (error: unknown) => void;
}

export type PoliciesOutcome<T> =
  | { kind: 'ok'; value: T; attempts: number }
  | { kind: 'error'; error: unknown; attempts: number; retryAfterMs?: number }
  | {
      kind: 'open';
      state: 'open' | 'half_open';
      retryAfterMs: number;
      key: string;
      attempts: number;
      lastError?: unknown;
    };

/**
 * Runs `attempt` under a breaker and a retry policy. The breaker is asked before every attempt
 * (a retry never goes to a dependency that has been declared down meanwhile) and told every
 * outcome; `attempt` applies its own timeout, so a timed-out attempt is a failure to both.
 * Never throws: the outcome says what happened.
 */
export async function runWithPolicies<T>(
  attempt: (n: number) => Promise<T>,
  policies: CallPolicies,
): Promise<PoliciesOutcome<T>> {
  const { breaker, retry, signal } = policies;
  let lastError: unknown;
  for (let n = 0; ; n++) {
    let ticket: Parameters<CircuitBreaker['record']>[0] | undefined;
    if (breaker) {
      try {
        const admission = await breaker.breaker.acquire();
        if (!admission.admitted) {
          return {
            kind: 'open',
            state: admission.state,
            retryAfterMs: admission.retryAfterMs,
            key: breaker.breaker.key,
            attempts: n,
            ...(n > 0 ? { lastError } : {}),
          };
        }
        ticket = admission.ticket;
      } catch (error) {
        policies.onBreakerError?.(error);
      }
    }
    try {
      const value = await attempt(n);
      if (breaker && ticket) await record(policies, ticket, false);
      retry?.budget?.onSuccess();
      return { kind: 'ok', value, attempts: n + 1 };
    } catch (error) {
      lastError = error;
      if (breaker && ticket) await record(policies, ticket, breaker.isFailure(error));
      const retryAfterMs = retryAfterOf(error);
      const done = {
        kind: 'error' as const,
        error,
        attempts: n + 1,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
      if (!retry) return done;
      const { options, budget } = retry;
      budget?.onFailure();
      if (
        n >= options.maxRetries ||
        signal?.aborted ||
        !safely(() => options.retryOn(error, n + 1))
      )
        return done;
      if (budget && !budget.canRetry()) return done;
      // Honour the error's own wait, but never wait past maxDelay: then the model is told instead.
      if (retryAfterMs !== undefined && retryAfterMs > options.maxDelayMs) return done;
      const delayMs = Math.max(
        fullJitterDelay(n + 1, options.baseDelayMs, options.maxDelayMs, options.random),
        retryAfterMs ?? 0,
      );
      safely(() => options.onRetry?.({ attempt: n + 1, delayMs, error }));
      if (!(await sleep(delayMs, signal))) return done;
    }
  }
}

async function record(
  policies: CallPolicies,
  ticket: Parameters<CircuitBreaker['record']>[0],
  failed: boolean,
): Promise<void> {
  try {
    await policies.breaker!.breaker.record(ticket, failed);
  } catch (error) {
    policies.onBreakerError?.(error);
  }
}

function safely<T>(fn: () => T): T | false {
  try {
    return fn();
  } catch {
    return false;
  }
}
