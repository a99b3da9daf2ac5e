import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/backends/clock.js';
import { MemoryRateLimitStore } from '../src/backends/memory-rate-limit-store.js';
import type { RateLimitKeyResult, RateLimitRequest } from '../src/backends/rate-limit-store.js';

/**
 * The straightforward model of both algorithms (one Map, copies instead of in-place updates,
 * no sweeping), against which the optimised store is replayed: any divergence on a long random
 * sequence of calls, times and costs fails.
 */
class ReferenceModel {
  private readonly tats = new Map<string, number>();
  private readonly logs = new Map<string, number[]>();

  decide(
    requests: RateLimitRequest[],
    cost: number,
    now: number,
  ): { allowed: boolean; results: RateLimitKeyResult[] } {
    const commits: (() => void)[] = [];
    const results = requests.map((r): RateLimitKeyResult => {
      if (r.algorithm === 'gcra') {
        const interval = r.periodMs / r.limit;
        const tat = Math.max(this.tats.get(r.key) ?? now, now);
        const newTat = tat + cost * interval;
        const allowed = newTat - r.periodMs <= now;
        const eff = allowed ? newTat : tat;
        commits.push(() => this.tats.set(r.key, newTat));
        return {
          key: r.key,
          allowed,
          remaining: Math.max(0, Math.floor((r.periodMs - (eff - now)) / interval + 1e-9)),
          resetMs: Math.max(0, Math.ceil(eff - now)),
          retryAfterMs: allowed ? 0 : Math.ceil(newTat - r.periodMs - now),
        };
      }
      const log = (this.logs.get(r.key) ?? []).filter((t) => t > now - r.periodMs);
      this.logs.set(r.key, log);
      const allowed = log.length + cost <= r.limit;
      const needed = log.length + cost - r.limit;
      const retry = allowed
        ? 0
        : needed > log.length
          ? r.periodMs
          : log[needed - 1]! + r.periodMs - now;
      commits.push(() => this.logs.set(r.key, [...log, ...Array<number>(cost).fill(now)]));
      return {
        key: r.key,
        allowed,
        remaining: Math.max(0, r.limit - (allowed ? log.length + cost : log.length)),
        resetMs: log.length > 0 || allowed ? r.periodMs - (now - (log[0] ?? now)) : 0,
        retryAfterMs: Math.max(0, Math.ceil(retry)),
      };
    });
    const allowed = results.every((r) => r.allowed);
    if (allowed) for (const c of commits) c();
    return { allowed, results };
  }
}

/** A small deterministic PRNG (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('MemoryRateLimitStore against the reference model', () => {
  it.each([1, 2, 3, 4, 5])('agrees on 5,000 random multi-key calls (seed %i)', (seed) => {
    const rnd = random(seed);
    const clock = new ManualClock(1_000_000);
    const store = new MemoryRateLimitStore(clock);
    const model = new ReferenceModel();
    // Fixed limits per key, as the pipeline builds them (the rate is part of the key).
    const limits = Array.from(
      { length: 6 },
      (_, i): RateLimitRequest => ({
        key: `k${i}`,
        limit: 1 + Math.floor(rnd() * 8),
        periodMs: 100 + Math.floor(rnd() * 900),
        algorithm: i % 2 === 0 ? 'gcra' : 'strict',
      }),
    );
    let allowedCount = 0;
    for (let step = 0; step < 5000; step++) {
      clock.advance(Math.floor(rnd() * 60));
      const picked = limits.filter(() => rnd() < 0.4);
      const requests = picked.length > 0 ? picked : [limits[0]!];
      const cost = rnd() < 0.8 ? 1 : 2 + Math.floor(rnd() * 3);
      const got = store.decide(requests, cost);
      const want = model.decide(requests, cost, clock.now());
      expect({ step, allowed: got.allowed, results: got.results }).toEqual({ step, ...want });
      if (got.allowed) allowedCount++;
    }
    // Both outcomes were exercised, not only one of them.
    expect(allowedCount).toBeGreaterThan(500);
    expect(allowedCount).toBeLessThan(4500);
  });
});
