import { type Clock, systemClock } from './clock.js';
import { type Entry, ExpiringMap } from './expiring-map.js';
import {
  assertRateLimitRequests,
  type RateLimitDecision,
  type RateLimitKeyResult,
  type RateLimitRequest,
  type RateLimitStore,
} from './rate-limit-store.js';

/**
 * One shape for both algorithms, so the hot path stays monomorphic: GCRA keeps one number per
 * key (the theoretical arrival time), strict keeps a log of admission times.
 */
interface KeyState {
  tat: number;
  log: number[] | undefined;
}

/**
 * The default, per-process rate-limit store. Synchronous inside (no promise per decision), exact,
 * with an injected clock and expired keys swept as it goes. The hot path allocates only the
 * decision it returns: states are updated in place and the commit phase reuses the check phase's
 * arithmetic (kept in two small arrays) instead of closures.
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
    const n = requests.length;
    const results = new Array<RateLimitKeyResult>(n);
    // Per request: the entry found (undefined for a new key) and the new GCRA arrival time.
    const entries = new Array<Entry<KeyState> | undefined>(n);
    const newTats = new Array<number>(n);
    let allowed = true;
    for (let i = 0; i < n; i++) {
      const request = requests[i]!;
      const entry = this.keys.getEntry(request.key, now);
      entries[i] = entry;
      const result =
        request.algorithm === 'strict'
          ? checkStrict(request, entry?.value.log, cost, now)
          : checkGcra(
              request,
              entry?.value.log === undefined ? entry?.value.tat : undefined,
              cost,
              now,
              newTats,
              i,
            );
      if (!result.allowed) allowed = false;
      results[i] = result;
    }
    // Phase two: consume from every key only when all of them allow the call.
    if (allowed)
      for (let i = 0; i < n; i++) this.commit(requests[i]!, entries[i], newTats[i]!, cost, now);
    return summarize(results, allowed);
  }

  reset(): void {
    this.keys.clear();
  }

  private commit(
    request: RateLimitRequest,
    entry: Entry<KeyState> | undefined,
    newTat: number,
    cost: number,
    now: number,
  ): void {
    if (request.algorithm === 'strict') {
      const log = entry?.value.log ?? [];
      for (let c = 0; c < cost; c++) log.push(now);
      if (entry !== undefined && entry.value.log === log)
        entry.expiresAt = now + request.periodMs + 1;
      else this.keys.set(request.key, { tat: 0, log }, request.periodMs + 1, now);
      return;
    }
    const ttl = Math.ceil(newTat - now) + 1;
    if (entry !== undefined && entry.value.log === undefined) {
      entry.value.tat = newTat;
      entry.expiresAt = now + ttl;
    } else {
      this.keys.set(request.key, { tat: newTat, log: undefined }, ttl, now);
    }
  }
}

function checkGcra(
  request: RateLimitRequest,
  storedTat: number | undefined,
  cost: number,
  now: number,
  newTats: number[],
  i: number,
): RateLimitKeyResult {
  const { key, limit, periodMs } = request;
  const interval = periodMs / limit;
  const tat = storedTat !== undefined && storedTat > now ? storedTat : now;
  const newTat = tat + cost * interval;
  newTats[i] = newTat;
  const allowAt = newTat - periodMs;
  const allowed = allowAt <= now;
  const effectiveTat = allowed ? newTat : tat;
  return {
    key,
    allowed,
    remaining: Math.max(0, Math.floor((periodMs - (effectiveTat - now)) / interval + 1e-9)),
    resetMs: Math.max(0, Math.ceil(effectiveTat - now)),
    retryAfterMs: allowed ? 0 : Math.ceil(allowAt - now),
  };
}

/** Drops entries that left the window (in place: that changes no decision), then checks. */
function checkStrict(
  request: RateLimitRequest,
  stored: number[] | undefined,
  cost: number,
  now: number,
): RateLimitKeyResult {
  const { key, limit, periodMs } = request;
  const log = stored ?? [];
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
  return {
    key,
    allowed,
    remaining: Math.max(0, limit - used),
    resetMs: log.length > 0 || allowed ? periodMs - (now - (log[0] ?? now)) : 0,
    retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)),
  };
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
