import { randomBytes } from 'node:crypto';
import { MemoryRateLimitStore, type RateLimitRequest } from '@airlock/core';
import { throughput } from '../measure.js';
import type { Suite } from '../suite.js';
import { deletePrefix, type FleetResult, LimiterFleet } from './limiter-fleet.js';

const DAY = 86_400_000;

/**
 * Rate-limit decisions per second. The Redis backend with 1 and 4 worker processes (each its own
 * connection, released from one barrier, 64 decisions in flight per process), side by side with
 * rate-limiter-flexible's RateLimiterRedis on the same server and workload, interleaved in
 * rounds; and the in-memory store alone. Every run is also an exactness check: `keys` hot keys
 * of `limit` per day get several times `limit` attempts each, so exactly keys × limit must be
 * admitted, by both libraries, in every run.
 */
export const limiterSuite: Suite = {
  name: 'limiter',
  description:
    'Rate-limit decisions/s: Redis backend (1 and 4 processes) vs rate-limiter-flexible, and the in-memory store',
  async run({ quick }) {
    const rows: Record<string, unknown>[] = [];
    const memory = await measureMemory(quick ? 500 : 3000);
    rows.push({
      subject: 'in-memory store (1 process, sync)',
      processes: 1,
      'decisions/s': Math.round(memory.rate),
      exact: memory.exact,
    });

    const keys = 64;
    const limit = quick ? 200 : 1000;
    const decisions = quick ? 40_000 : 240_000;
    const rounds = quick ? 1 : 3;
    const best: Record<string, number> = {};
    let allExact = memory.exact;
    for (const processes of [1, 4]) {
      const fleet = await LimiterFleet.start(processes);
      try {
        for (const limiter of ['airlock', 'rlf'] as const) {
          await runOnce(fleet, limiter, { keys, limit: 50, decisions: 8000 }); // warm-up (JIT, scripts)
        }
        const results: Record<string, FleetResult[]> = { airlock: [], rlf: [] };
        for (let r = 0; r < rounds; r++) {
          for (const limiter of ['airlock', 'rlf'] as const) {
            results[limiter]!.push(await runOnce(fleet, limiter, { keys, limit, decisions }));
          }
        }
        for (const limiter of ['airlock', 'rlf'] as const) {
          const runs = results[limiter]!;
          const exact = runs.every((x) => x.admitted === keys * limit && x.degraded === 0);
          allExact &&= exact;
          const rates = runs.map((x) => x.decisionsPerSecond).sort((a, b) => a - b);
          const median = rates[Math.floor(rates.length / 2)]!;
          best[`${limiter}:${processes}`] = median;
          rows.push({
            subject:
              limiter === 'airlock'
                ? '@airlock/backend-redis (GCRA, Lua, TIME)'
                : 'rate-limiter-flexible RateLimiterRedis',
            processes,
            'decisions/s': Math.round(median),
            exact,
            admitted: runs.map((x) => x.admitted).join('/'),
            expected: keys * limit,
            degraded: runs.reduce((s, x) => s + x.degraded, 0),
          });
        }
      } finally {
        await fleet.stop();
      }
    }

    const airlock4 = best['airlock:4']!;
    const ratio = airlock4 / best['rlf:4']!;
    return {
      suite: 'limiter',
      chart: {
        title: 'Redis rate-limit decisions, 4 worker processes',
        unit: 'decisions/s',
        better: 'higher',
        bars: [
          { label: 'airlock backend-redis', value: airlock4, ours: true },
          { label: 'rate-limiter-flexible', value: best['rlf:4']! },
        ],
      },
      summary: `Redis backend: ${fmt(best['airlock:1']!)}/s with 1 process, ${fmt(airlock4)}/s with 4 (${ratio.toFixed(2)}x rate-limiter-flexible's ${fmt(best['rlf:4']!)}/s); in-memory ${fmt(memory.rate)}/s; exact in every run: ${allExact}`,
      rows,
      targets: [
        {
          name: 'Redis backend, 4 processes',
          target: '>= 50,000 decisions/s',
          measured: `${fmt(airlock4)}/s`,
          met: airlock4 >= 50_000,
        },
        {
          name: 'in-memory store',
          target: '>= 5,000,000 decisions/s',
          measured: `${fmt(memory.rate)}/s`,
          met: memory.rate >= 5_000_000,
        },
        {
          name: 'over-admission (every run, both libraries)',
          target: '0',
          measured: allExact ? '0' : 'see rows',
          met: allExact,
        },
      ],
    };
  },
};

async function runOnce(
  fleet: LimiterFleet,
  limiter: 'airlock' | 'rlf',
  load: { keys: number; limit: number; decisions: number },
): Promise<FleetResult> {
  const prefix = `airlock-bench:${limiter}:${randomBytes(4).toString('hex')}:`;
  try {
    return await fleet.run({ limiter, prefix, concurrency: 64, ...load });
  } finally {
    await deletePrefix(prefix);
  }
}

/** The synchronous memory store over 100 keys of 1000/day: rate and exactness. */
async function measureMemory(ms: number): Promise<{ rate: number; exact: boolean }> {
  const store = new MemoryRateLimitStore();
  const keys = 100;
  const limit = 1000;
  const requests: RateLimitRequest[][] = Array.from({ length: keys }, (_, i) => [
    { key: `k${i}`, limit, periodMs: DAY, algorithm: 'gcra' },
  ]);
  let i = 0;
  let admitted = 0;
  // The store is synchronous, so throughput() never awaits inside its timed loop.
  const rate = await throughput(() => {
    if (store.decide(requests[i++ % keys]!).allowed) admitted++;
  }, ms);
  let expected = 0;
  for (let k = 0; k < keys; k++)
    expected += Math.min(limit, Math.floor(i / keys) + (k < i % keys ? 1 : 0));
  return { rate, exact: admitted === expected };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
