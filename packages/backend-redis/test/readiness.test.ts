import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAirlock, createHealthProbes } from '@airlock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisBackend } from '../src/index.js';
import { sleep, uniquePrefix } from './support/redis.js';
import { PrivateRedisServer } from './support/redis-server.js';

let redis: PrivateRedisServer;
beforeAll(async () => {
  redis = await PrivateRedisServer.start();
});
afterAll(async () => {
  await redis?.stop();
});

/** Polls `/readyz` until it answers `status` (the probe caches for `cacheMs`). */
async function waitForReady(url: string, status: number, withinMs: number): Promise<number[]> {
  const seen: number[] = [];
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    const r = await fetch(url);
    await r.arrayBuffer();
    seen.push(r.status);
    if (r.status === status) return seen;
    await sleep(50);
  }
  throw new Error(`/readyz never answered ${status}; saw ${seen.join(', ')}`);
}

describe('readiness follows Redis behind a fail-closed limit', () => {
  it('/readyz turns 503 while Redis is down and 200 after it returns; /livez stays 200', async () => {
    const backend = redisBackend({
      url: redis.url,
      keyPrefix: uniquePrefix('ready'),
      failMode: 'closed',
      commandTimeoutMs: 200,
    });
    await backend.ready();
    const airlock = createAirlock({
      plugins: [backend],
      policy: { rateLimits: { '*': '100/minute' } },
    });
    const probes = createHealthProbes(airlock, { cacheMs: 0, shutdownDelayMs: 0 });
    const server = createServer(probes.handler).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await waitForReady(`${base}/readyz`, 200, 5_000);
      await redis.kill();
      await waitForReady(`${base}/readyz`, 503, 5_000);
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      await redis.restart();
      await waitForReady(`${base}/readyz`, 200, 10_000);
    } finally {
      server.close();
      await airlock.close();
    }
  }, 30_000);
});
