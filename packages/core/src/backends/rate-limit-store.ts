/**
 * The contract every rate-limit backend implements. A decision covers all the limits of one call
 * (tool, agent, workspace, user scopes) at once: all are checked before any is consumed, so a
 * call denied by one limit consumes nothing from the others.
 */

/** `gcra`: a token bucket that starts full at `limit` and refills continuously (the default).
 *  `strict`: never more than `limit` in any rolling `periodMs`. */
export type RateLimitAlgorithm = 'gcra' | 'strict';

/** What to do with a limit when its store cannot answer (a dead Redis). */
export type RateLimitFailMode = 'open' | 'closed' | 'insurance';

export interface RateLimitRequest {
  /** A key unique to the limit and its scope (built by the pipeline). */
  key: string;
  limit: number;
  periodMs: number;
  algorithm: RateLimitAlgorithm;
  /** The tenant the key belongs to: stores that shard (Redis Cluster) keep one tenant together. */
  partition?: string;
  failMode?: RateLimitFailMode;
}

export interface RateLimitKeyResult {
  key: string;
  allowed: boolean;
  remaining: number;
  /** Milliseconds until this key is back to its full allowance. */
  resetMs: number;
  retryAfterMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The smallest remaining allowance over all keys (after this call, if it was allowed). */
  remaining: number;
  resetMs: number;
  /** 0 when allowed; otherwise how long until every denied key would admit the call. */
  retryAfterMs: number;
  results: RateLimitKeyResult[];
  /** Set when the store could not decide and a fail mode answered instead. */
  degraded?: { failMode: RateLimitFailMode; reason: string };
}

export interface RateLimitStore {
  readonly name: string;
  /** Decide all `requests` atomically, consuming `cost` (default 1) from each only if all allow. */
  decide(
    requests: readonly RateLimitRequest[],
    cost?: number,
  ): RateLimitDecision | Promise<RateLimitDecision>;
  /** Forget every key (tests, and operators resetting limits). */
  reset?(): Promise<void> | void;
  close?(): Promise<void> | void;
}

/** Checks requests before a store acts on them; every store calls it so all reject alike. */
export function assertRateLimitRequests(requests: readonly RateLimitRequest[], cost: number): void {
  if (!Array.isArray(requests)) throw new TypeError('decide: requests must be an array');
  if (!Number.isSafeInteger(cost) || cost < 1)
    throw new TypeError(`decide: cost must be an integer >= 1, got ${cost}`);
  for (const r of requests) {
    if (!r || typeof r.key !== 'string' || r.key.length === 0)
      throw new TypeError('decide: every request needs a non-empty key');
    if (!Number.isSafeInteger(r.limit) || r.limit < 1)
      throw new TypeError(`decide(${r.key}): limit must be an integer >= 1`);
    if (!Number.isFinite(r.periodMs) || r.periodMs <= 0)
      throw new TypeError(`decide(${r.key}): periodMs must be > 0`);
    if (r.algorithm !== 'gcra' && r.algorithm !== 'strict') {
      throw new TypeError(`decide(${r.key}): algorithm must be 'gcra' or 'strict'`);
    }
  }
}
