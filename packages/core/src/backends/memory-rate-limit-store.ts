import { type Clock, systemClock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';
import {
  assertRateLimitRequests,
  type RateLimitDecision,
  type RateLimitKeyResult,
  type RateLimitRequest,
  type RateLimitStore,
} from './rate-limit-store.js';

/** GCRA keeps one number per key (the theoretical arrival time); strict keeps a log. */
type KeyState = { tat: number } | { log: number[] };

interface Pending {
  request: RateLimitRequest;
  result: RateLimitKeyResult;
  commit: () => void;
}

/**
 * The default, per-process rate-limit store. Synchronous inside (no promise per decision), exact,
 * with an injected clock and expired keys swept as it goes.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly name = 'memory';
  private readonly keys: ExpiringMap<KeyState>;

  constructor(private readonly clock: Clock = systemClock) {
    this.keys = new ExpiringMap(clock);
  }

  /** Number of live keys (for tests of bounded memory). */
  get size(): number {
    return this.keys.size;
  }

  decide(requests: readonly RateLimitRequest[], cost = 1): RateLimitDecision {
    assertRateLimitRequests(requests, cost);
    const now = this.clock.now();
    const pending: Pending[] = [];
    let allowed = true;
    for (const request of requests) {
      const p =
        request.algorithm === 'strict'
          ? this.checkStrict(request, cost, now)
          : this.checkGcra(request, cost, now);
      if (!p.result.allowed) allowed = false;
      pending.push(p);
    }
    // Phase two: consume from every key only when all of them allow the call.
    if (allowed) for (const p of pending) p.commit();
    return summarize(
      pending.map((p) => p.result),
      allowed,
    );
  }

  reset(): void {
    this.keys.clear();
  }

  private checkGcra(request: RateLimitRequest, cost: number, now: number): Pending {
    const { key, limit, periodMs } = request;
    const interval = periodMs / limit;
    const state = this.keys.get(key, now);
    const tat = state !== undefined && 'tat' in state ? Math.max(state.tat, now) : now;
    const newTat = tat + cost * interval;
    const allowAt = newTat - periodMs;
    const allowed = allowAt <= now;
    const effectiveTat = allowed ? newTat : tat;
    const result: RateLimitKeyResult = {
      key,
      allowed,
      remaining: Math.max(0, Math.floor((periodMs - (effectiveTat - now)) / interval + 1e-9)),
      resetMs: Math.max(0, Math.ceil(effectiveTat - now)),
      retryAfterMs: allowed ? 0 : Math.ceil(allowAt - now),
    };
    return {
      request,
      result,
      commit: () => this.keys.set(key, { tat: newTat }, Math.ceil(newTat - now) + 1, now),
    };
  }

  private checkStrict(request: RateLimitRequest, cost: number, now: number): Pending {
    const { key, limit, periodMs } = request;
    const state = this.keys.get(key, now);
    const log = state !== undefined && 'log' in state ? state.log : [];
    const windowStart = now - periodMs;
    let first = 0;
    while (first < log.length && log[first]! <= windowStart) first++;
    if (first > 0) log.splice(0, first);
    const allowed = log.length + cost <= limit;
    const used = allowed ? log.length + cost : log.length;
    // The call fits once enough of the oldest entries have left the window.
    const needed = log.length + cost - limit;
    const retryAfterMs =
      allowed || needed > log.length ? (allowed ? 0 : periodMs) : log[needed - 1]! + periodMs - now;
    const result: RateLimitKeyResult = {
      key,
      allowed,
      remaining: Math.max(0, limit - used),
      resetMs: log.length > 0 || allowed ? periodMs - (now - (log[0] ?? now)) : 0,
      retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)),
    };
    return {
      request,
      result,
      commit: () => {
        for (let i = 0; i < cost; i++) log.push(now);
        this.keys.set(key, { log }, periodMs + 1, now);
      },
    };
  }
}

/** Folds per-key results into one decision. Shared by every store implementation. */
export function summarize(results: RateLimitKeyResult[], allowed: boolean): RateLimitDecision {
  let remaining = Number.POSITIVE_INFINITY;
  let resetMs = 0;
  let retryAfterMs = 0;
  for (const r of results) {
    remaining = Math.min(remaining, r.remaining);
    resetMs = Math.max(resetMs, r.resetMs);
    if (!r.allowed) retryAfterMs = Math.max(retryAfterMs, r.retryAfterMs);
  }
  return {
    allowed,
    remaining: Number.isFinite(remaining) ? remaining : 0,
    resetMs,
    retryAfterMs: allowed ? 0 : retryAfterMs,
    results,
  };
}
