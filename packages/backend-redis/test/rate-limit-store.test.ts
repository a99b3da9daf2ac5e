import type { RateLimitRequest } from '@airlock/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisBackend, redisBackend } from '../src/index.js';
import {
  deletePrefix,
  keysUnder,
  REDIS_URL,
  TEST_COMMAND_TIMEOUT_MS,
  uniquePrefix,
} from './support/redis.js';

const HOUR = 3_600_000;
const gcra = (key: string, limit: number, partition?: string): RateLimitRequest => ({
  key,
  limit,
  periodMs: HOUR,
  algorithm: 'gcra',
  ...(partition !== undefined ? { partition } : {}),
});
const strict = (key: string, limit: number, partition?: string): RateLimitRequest => ({
  ...gcra(key, limit, partition),
  algorithm: 'strict',
});

describe('RedisRateLimitStore', () => {
  let admin: Redis;
  const made: { backend: RedisBackend; prefix: string }[] = [];
  const make = async (options: Partial<Parameters<typeof redisBackend>[0]> = {}) => {
    const prefix = uniquePrefix('rl');
    const backend = redisBackend({
      url: REDIS_URL,
      keyPrefix: prefix,
      failMode: 'closed',
      commandTimeoutMs: TEST_COMMAND_TIMEOUT_MS,
      ...options,
    });
    made.push({ backend, prefix });
    await backend.ready();
    return { backend, store: backend.rateLimitStore, prefix };
  };

  beforeAll(() => {
    admin = new Redis(REDIS_URL);
    admin.on('error', () => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    for (const { backend, prefix } of made) {
      await backend.close();
      await deletePrefix(prefix);
    }
    await admin.quit();
  });

  it('lays keys out under the prefix with a hash tag per partition, and every key expires', async () => {
    const { store, prefix } = await make();
    const d = await store.decide([
      gcra('rl:tool', 10, 'acme'),
      strict('rl:agent', 10, 'acme'),
      gcra('rl:all', 10),
    ]);
    expect(d.allowed).toBe(true);
    expect(d.degraded).toBeUndefined();
    const keys = await keysUnder(admin, prefix);
    expect(keys).toEqual(
      [
        `${prefix}{global}:g:rl:all`,
        `${prefix}{ws:acme}:g:rl:tool`,
        `${prefix}{ws:acme}:s:rl:agent`,
      ].sort(),
    );
    for (const key of keys) {
      const ttl = await admin.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(HOUR + 1);
    }
    // GCRA stores one number (the theoretical arrival time); strict a list of admission times.
    expect(await admin.type(`${prefix}{ws:acme}:g:rl:tool`)).toBe('string');
    expect(await admin.llen(`${prefix}{ws:acme}:s:rl:agent`)).toBe(1);
  });

  it("escapes braces in a partition, so one tenant can never share or split another tenant's slot", async () => {
    const { backend } = await make();
    expect(backend.keyLayout.tag('a}b')).toBe('{ws:a%7db}');
    expect(backend.keyLayout.tag('a{b')).toBe('{ws:a%7bb}');
    expect(backend.keyLayout.tag('50%')).toBe('{ws:50%25}');
    expect(backend.keyLayout.tag(undefined)).toBe('{global}');
  });

  it('a denied call writes nothing: remaining allowances and expiries are untouched', async () => {
    const { store, prefix } = await make();
    await store.decide([gcra('loose', 5, 'w'), gcra('tight', 1, 'w')]);
    const looseKey = `${prefix}{ws:w}:g:loose`;
    const before = await admin.get(looseKey);
    const denied = await store.decide([gcra('loose', 5, 'w'), gcra('tight', 1, 'w')]);
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(await admin.get(looseKey)).toBe(before);
    expect(denied.results.map((r) => [r.key, r.allowed])).toEqual([
      ['loose', true],
      ['tight', false],
    ]);
  });

  it('strict: cost counts as that many admissions, and a denial reports when the oldest leave', async () => {
    const { store, prefix } = await make();
    const req = { key: 'log', limit: 5, periodMs: 2000, algorithm: 'strict' as const };
    expect((await store.decide([req], 3)).remaining).toBe(2);
    expect(await admin.llen(`${prefix}{global}:s:log`)).toBe(3);
    const denied = await store.decide([req], 3);
    expect(denied.allowed).toBe(false);
    expect(denied.retryAfterMs).toBeGreaterThan(1500);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(2000);
    expect(await admin.llen(`${prefix}{global}:s:log`)).toBe(3);
  });

  it('ignores the worker clock: a process whose Date.now is a day ahead gets the same answers', async () => {
    const { store } = await make();
    const real = Date.now;
    vi.spyOn(Date, 'now').mockImplementation(() => real() + 24 * HOUR);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await store.decide([gcra('clock', 2)])).allowed);
    expect(answers).toEqual([true, true, false]);
  });

  it('an empty request list is allowed without a round trip', async () => {
    const { store } = await make();
    expect(await store.decide([])).toMatchObject({ allowed: true, results: [] });
  });

  it('cluster mode: each partition in its own script, and a later denial refunds the earlier ones', async () => {
    const { store, prefix } = await make({ cluster: true });
    // `{global}` is decided first, then `{ws:acme}` denies: the global allowance must come back.
    await store.decide([gcra('ws-limit', 1, 'acme')]);
    const globalKey = `${prefix}{global}:g:global-limit`;
    const denied = await store.decide([gcra('global-limit', 3), gcra('ws-limit', 1, 'acme')]);
    expect(denied.allowed).toBe(false);
    expect(await admin.exists(globalKey)).toBe(0); // refunded to a full bucket
    for (let i = 0; i < 3; i++)
      expect((await store.decide([gcra('global-limit', 3)])).allowed).toBe(true);
    expect((await store.decide([gcra('global-limit', 3)])).allowed).toBe(false);

    // The same for the strict log: the refund removes exactly this call's entries.
    await store.decide([strict('s-ws', 1, 'acme')]);
    await store.decide([strict('s-global', 3)]);
    expect((await store.decide([strict('s-global', 3), strict('s-ws', 1, 'acme')])).allowed).toBe(
      false,
    );
    expect(await admin.llen(`${prefix}{global}:s:s-global`)).toBe(1);
  });

  it("reset() removes this backend's rate-limit keys and nothing else", async () => {
    const { backend, store, prefix } = await make();
    const other = await make();
    await store.decide([gcra('a', 5, 'x'), strict('b', 5)]);
    await backend.stateStore.set('keep', 'v');
    await other.store.decide([gcra('a', 5, 'x')]);
    await store.reset?.();
    expect(await keysUnder(admin, prefix)).toEqual([`${prefix}state:keep`]);
    expect(await keysUnder(admin, other.prefix)).toHaveLength(1);
  });

  it('a script error is not mistaken for an outage: it is thrown, whatever the fail mode', async () => {
    const { store, prefix } = await make({ failMode: 'open' });
    // A key of the wrong type (someone else's data under our prefix): Redis answers WRONGTYPE.
    await admin.hset(`${prefix}{global}:g:wrong`, 'f', 'v');
    await expect(store.decide([gcra('wrong', 5)])).rejects.toThrow(/WRONGTYPE/);
  });
});
