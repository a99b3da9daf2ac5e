import {
  MemoryRateLimitStore,
  type RateLimitDecision,
  type RateLimitFailMode,
  type RateLimitKeyResult,
  type RateLimitRequest,
  summarizeRateLimitResults,
} from '@airlock/core';

/**
 * Answers for Redis when it cannot: each limit by its own fail mode (the limit's `failMode`, or
 * the backend's). If any limit is `closed` the call is denied and nothing is consumed anywhere;
 * otherwise `insurance` limits are decided by a per-process memory limiter holding this
 * process's share, ⌈limit / workers⌉, and `open` limits allow. Nothing is synced back to Redis
 * when it returns: the insurance share only bounds what one process admits during an outage.
 */
export class FailModeDecider {
  private readonly insurance = new MemoryRateLimitStore();

  constructor(
    private readonly defaultMode: RateLimitFailMode,
    private readonly workers: number,
    private readonly closedRetryAfterMs: number,
  ) {}

  modeOf(request: RateLimitRequest): RateLimitFailMode {
    return request.failMode ?? this.defaultMode;
  }

  decide(requests: readonly RateLimitRequest[], cost: number, reason: string): RateLimitDecision {
    const modes = requests.map((r) => this.modeOf(r));
    if (modes.includes('closed')) {
      const results = requests.map((r, i) =>
        modes[i] === 'closed'
          ? {
              key: r.key,
              allowed: false,
              remaining: 0,
              resetMs: 0,
              retryAfterMs: this.closedRetryAfterMs,
            }
          : unknownAllowance(r, cost),
      );
      return {
        ...summarizeRateLimitResults(results, false),
        degraded: { failMode: 'closed', reason },
      };
    }
    const insured = requests.filter((_, i) => modes[i] === 'insurance');
    if (insured.length === 0) {
      const results = requests.map((r) => unknownAllowance(r, cost));
      return {
        ...summarizeRateLimitResults(results, true),
        degraded: { failMode: 'open', reason },
      };
    }
    const local = this.insurance.decide(
      insured.map((r) => ({ ...r, limit: Math.ceil(r.limit / this.workers) })),
      cost,
    );
    const byKey = new Map(local.results.map((r) => [r.key, r]));
    const results = requests.map((r, i) =>
      modes[i] === 'insurance' ? byKey.get(r.key)! : unknownAllowance(r, cost),
    );
    return {
      ...summarizeRateLimitResults(results, local.allowed),
      degraded: { failMode: 'insurance', reason },
    };
  }

  /** Forgets what the insurance limiter counted. */
  reset(): void {
    this.insurance.reset();
  }
}

/** An `open` limit during an outage: allowed, and reported as if this were its first call. */
function unknownAllowance(request: RateLimitRequest, cost: number): RateLimitKeyResult {
  return {
    key: request.key,
    allowed: true,
    remaining: Math.max(0, request.limit - cost),
    resetMs: 0,
    retryAfterMs: 0,
  };
}
