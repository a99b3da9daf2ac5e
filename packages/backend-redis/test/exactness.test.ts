import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertExact, ExactnessHarness, exactRun } from './support/harness.js';
import { deletePrefix, uniquePrefix } from './support/redis.js';

/**
 * Four processes, one barrier, 8,000 calls against `1000/hour` through a real airlock
 * `tool.call` with the Redis plugin. One call's allowance refills every 3.6 s and a run takes
 * well under a second, so the only correct answer is exactly 1,000: fewer would be a lost
 * update, more a race. (A run that a starved machine stretches past 3.6 s of Redis time is
 * checked against the most it could legitimately admit, and run again; see `exactRun`.)
 */
const REFILL_MS = 3_600;

describe('exactness across 4 processes', () => {
  let harness: ExactnessHarness;
  const prefixes: string[] = [];
  const prefix = (name: string): string => {
    const p = uniquePrefix(`exact-${name}`);
    prefixes.push(p);
    return p;
  };

  beforeAll(async () => {
    harness = await ExactnessHarness.start(4);
  }, 30_000);

  afterAll(async () => {
    await harness?.stop();
    for (const p of prefixes) await deletePrefix(p);
  });

  it('admits exactly 1,000 of 8,000 calls, in 10 of 10 runs', async () => {
    const admitted: number[] = [];
    const slowest: number[] = [];
    let slowRuns = 0;
    for (let run = 0; run < 10; run++) {
      const result = await exactRun(
        harness,
        { limiter: 'redis', calls: 8000 },
        () => prefix(`run${run}`),
        1000,
        REFILL_MS,
      );
      expect(result.denied).toBe(7000);
      expect(result.perWorker.filter((n) => n > 0).length).toBeGreaterThan(1); // the workers really raced
      admitted.push(result.admitted);
      slowest.push(Math.round(result.slowestMs));
      slowRuns += result.slowRuns;
    }
    expect(admitted).toEqual(Array(10).fill(1000));
    console.log(
      `exactness: 10/10 runs admitted 1000 of 8000 (${slowRuns} slow runs redone); slowest call per run (ms): ${slowest.join(', ')}`,
    );
  }, 120_000);

  it('catches a race: a GET-then-SET limiter fails the same harness by over-admitting', async () => {
    const result = await harness.run({ limiter: 'racy', prefix: prefix('racy'), calls: 8000 });
    expect(result.admitted).toBeGreaterThan(1000);
    expect(() => assertExact(result, 1000)).toThrow(/admitted \d+ for a limit of 1000/);
  });

  const fast = { 2: 30 * 60_000 };

  it('one worker 30 minutes fast admits exactly the same: time is Redis TIME', async () => {
    // Racing the others from the barrier, and again calling after they are done.
    await exactRun(
      harness,
      { limiter: 'redis', calls: 8000, skewMs: fast },
      () => prefix('skew'),
      1000,
      REFILL_MS,
    );
    await exactRun(
      harness,
      { limiter: 'redis', calls: 8000, skewMs: fast, late: [2] },
      () => prefix('skew-late'),
      1000,
      REFILL_MS,
    );
  });

  it('the skewed clock has teeth: an atomic limiter that trusts worker clocks over-admits', async () => {
    // The fast worker sees the bucket half refilled (30 of 60 minutes): 500 more than the limit.
    const result = await harness.run({
      limiter: 'client-clock',
      prefix: prefix('skew-cc'),
      calls: 8000,
      skewMs: fast,
      late: [2],
    });
    expect(result.admitted).toBeGreaterThanOrEqual(1450);
    expect(() => assertExact(result, 1000)).toThrow(/admitted \d+ for a limit of 1000/);
    // Control for the control: with honest clocks the same limiter is exact.
    await exactRun(
      harness,
      { limiter: 'client-clock', calls: 8000, late: [2] },
      () => prefix('cc'),
      1000,
      REFILL_MS,
    );
  });

  it('StateStore.increment with a max is exact across processes (budgets, conversation caps)', async () => {
    const result = await harness.run({
      limiter: 'redis',
      mode: 'increment',
      prefix: prefix('incr'),
      calls: 8000,
      max: 1000,
    });
    assertExact(result, 1000);
    expect(result.denied).toBe(7000);
  });
});
