import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, LimiterFleet } from '../src/suites/limiter-fleet.js';

/**
 * The limiter suite's machinery works and its exactness check can be trusted: two worker
 * processes, both libraries, admitted == keys x limit. (No timing is asserted here: speed is
 * what `pnpm bench --suite limiter` reports.)
 */
describe('limiter suite fleet', () => {
  let fleet: LimiterFleet;
  beforeAll(async () => {
    fleet = await LimiterFleet.start(2);
  }, 30_000);
  afterAll(async () => {
    await fleet?.stop();
  });

  it.each(['airlock', 'rlf'] as const)(
    '%s: two processes admit exactly keys x limit',
    async (limiter) => {
      const prefix = `airlock-bench-test:${limiter}:${process.pid}:${Date.now()}:`;
      try {
        const result = await fleet.run({
          limiter,
          prefix,
          decisions: 4000,
          keys: 8,
          limit: 100,
          concurrency: 16,
        });
        expect(result).toMatchObject({ admitted: 800, degraded: 0 });
        expect(result.decisionsPerSecond).toBeGreaterThan(0);
      } finally {
        await deletePrefix(prefix);
      }
    },
    30_000,
  );
});
