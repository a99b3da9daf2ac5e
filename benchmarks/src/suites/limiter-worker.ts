/**
 * One worker process of the `limiter` suite (forked by limiter-fleet.ts). It owns its Redis
 * connections, prepares the limiter it is told to, waits at the barrier, then makes its share of
 * decisions from `concurrency` async lanes over `keys` hot keys and reports what it admitted.
 */
import { redisBackend } from '@airlock/backend-redis';
import type { RateLimitRequest } from '@airlock/core';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { FleetCommand, FleetReport } from './limiter-protocol.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// rate-limiter-flexible gets the same fail-fast client settings the Airlock backend uses.
const rlfClient = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
rlfClient.on('error', () => {});
const send = (m: FleetReport): void => {
  process.send!(m);
};

type Decide = (key: number) => Promise<{ allowed: boolean; degraded: boolean }>;
let armed:
  | { cmd: Extract<FleetCommand, { type: 'prepare' }>; decide: Decide; close: () => Promise<void> }
  | undefined;

async function prepare(cmd: Extract<FleetCommand, { type: 'prepare' }>): Promise<void> {
  if (cmd.limiter === 'airlock') {
    // Closed, and a timeout long enough for a saturated 2-core box: a fail-mode answer would
    // be counted as degraded (and fail the run) instead of silently inflating the rate.
    const backend = redisBackend({
      url,
      keyPrefix: cmd.prefix,
      failMode: 'closed',
      commandTimeoutMs: 2000,
    });
    await backend.ready();
    const requests: RateLimitRequest[][] = Array.from({ length: cmd.keys }, (_, i) => [
      {
        key: `k${i}`,
        limit: cmd.limit,
        periodMs: 86_400_000,
        algorithm: 'gcra',
        partition: 'bench',
      },
    ]);
    armed = {
      cmd,
      decide: async (k) => {
        const d = await backend.rateLimitStore.decide(requests[k]!);
        return { allowed: d.allowed, degraded: d.degraded !== undefined };
      },
      close: () => backend.close(),
    };
  } else {
    const limiter = new RateLimiterRedis({
      storeClient: rlfClient,
      points: cmd.limit,
      duration: 86_400,
      keyPrefix: cmd.prefix,
    });
    const keys = Array.from({ length: cmd.keys }, (_, i) => `k${i}`);
    armed = {
      cmd,
      decide: async (k) => {
        try {
          await limiter.consume(keys[k]!);
          return { allowed: true, degraded: false };
        } catch (rejection) {
          // A RateLimiterRes is a denial; an Error is the store failing.
          return { allowed: false, degraded: rejection instanceof Error };
        }
      },
      close: async () => {},
    };
  }
  send({ type: 'prepared', runId: cmd.runId });
}

async function go(): Promise<void> {
  const { cmd, decide, close } = armed!;
  let next = 0;
  let admitted = 0;
  let degraded = 0;
  const lane = async (): Promise<void> => {
    while (next < cmd.decisions) {
      const k = next++ % cmd.keys;
      const r = await decide(k);
      if (r.degraded) degraded++;
      else if (r.allowed) admitted++;
    }
  };
  await Promise.all(Array.from({ length: cmd.concurrency }, lane));
  await close();
  send({ type: 'done', runId: cmd.runId, admitted, degraded });
}

process.on('message', (m: FleetCommand) => {
  const fail = (error: unknown) =>
    send({ type: 'failed', error: String((error as Error)?.stack ?? error) });
  if (m.type === 'prepare') prepare(m).catch(fail);
  else if (m.type === 'go') go().catch(fail);
  else if (m.type === 'exit') void rlfClient.quit().finally(() => process.exit(0));
});
rlfClient.once('ready', () => send({ type: 'ready' }));
