import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisBackend, redisBackend } from '../src/index.js';
import { deletePrefix, REDIS_URL, TEST_COMMAND_TIMEOUT_MS, uniquePrefix } from './support/redis.js';

describe('RedisStateStore', () => {
  let admin: Redis;
  let backend: RedisBackend;
  const prefix = uniquePrefix('state');

  beforeAll(async () => {
    admin = new Redis(REDIS_URL);
    admin.on('error', () => {});
    backend = redisBackend({
      url: REDIS_URL,
      keyPrefix: prefix,
      commandTimeoutMs: TEST_COMMAND_TIMEOUT_MS,
    });
    await backend.ready();
  });
  afterAll(async () => {
    await backend.close();
    await deletePrefix(prefix);
    await admin.quit();
  });

  it('keeps values under <prefix>state: with the ttl it was given', async () => {
    await backend.stateStore.set('conv:1', 'x', 5000);
    expect(await admin.get(`${prefix}state:conv:1`)).toBe('x');
    const ttl = await admin.pttl(`${prefix}state:conv:1`);
    expect(ttl).toBeGreaterThan(4000);
    expect(ttl).toBeLessThanOrEqual(5000);
    await backend.stateStore.set('frac', 'y', 4999.2); // whole ms, rounded up: never early
    const frac = await admin.pttl(`${prefix}state:frac`);
    expect(frac).toBeGreaterThan(4000);
    expect(frac).toBeLessThanOrEqual(5000);
  });

  it('increment prints numbers the way JavaScript does and keeps fractions exact', async () => {
    const s = backend.stateStore;
    expect(await s.increment('f', 0.1)).toEqual({ applied: true, value: 0.1 });
    expect(await s.increment('f', 0.2)).toEqual({ applied: true, value: 0.1 + 0.2 });
    expect(await s.get('f')).toBe(String(0.1 + 0.2));
    expect(await s.increment('big', 2 ** 52)).toEqual({ applied: true, value: 2 ** 52 });
    expect(await s.get('big')).toBe(String(2 ** 52));
    expect(await s.increment('neg', -1.5, { max: 0 })).toEqual({ applied: true, value: -1.5 });
    expect(await s.increment('inf', 5, { max: Number.POSITIVE_INFINITY })).toEqual({
      applied: true,
      value: 5,
    });
  });

  it('reserve then settle with an idempotency key: a retried settle does not count twice', async () => {
    // The pattern core's budgets build on these primitives: setIfAbsent guards the settle.
    const s = backend.stateStore;
    expect(await s.increment('budget:spent', 300, { max: 1000, ttlMs: 60_000 })).toEqual({
      applied: true,
      value: 300,
    });
    const settle = async (idem: string, amount: number) => {
      if (!(await s.setIfAbsent(`budget:settled:${idem}`, '1', 60_000))) return false;
      await s.increment('budget:spent', amount, { max: 1000, ttlMs: 60_000 });
      return true;
    };
    const settled = await Promise.all([
      settle('call-1', 200),
      settle('call-1', 200),
      settle('call-1', 200),
    ]);
    expect(settled.filter(Boolean)).toHaveLength(1);
    expect(await s.get('budget:spent')).toBe('500');
  });

  it('rejects a non-numeric value instead of treating it as zero', async () => {
    await backend.stateStore.set('text', 'hello');
    await expect(backend.stateStore.increment('text', 1)).rejects.toThrow(/not a number/);
    expect(await backend.stateStore.get('text')).toBe('hello');
  });

  it('rejects bad input with a TypeError before any round trip', async () => {
    const s = backend.stateStore;
    await expect(s.get('')).rejects.toThrow(TypeError);
    await expect(s.set('k', 42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(s.setIfAbsent('k', 'v', 0)).rejects.toThrow(TypeError);
    await expect(s.increment('k', 1, { max: Number.NaN })).rejects.toThrow(TypeError);
    await expect(s.increment('k', Number.POSITIVE_INFINITY)).rejects.toThrow(TypeError);
  });

  it('now() is Redis time in ms', async () => {
    const [sec] = await admin.time();
    const now = await backend.stateStore.now();
    expect(Math.abs(now - Number(sec) * 1000)).toBeLessThan(2000);
    expect(Number.isInteger(now)).toBe(true);
  });

  it('reset() deletes the state keys and leaves rate-limit keys alone', async () => {
    await backend.stateStore.set('gone', '1');
    await backend.rateLimitStore.decide([
      { key: 'stays', limit: 5, periodMs: 60_000, algorithm: 'gcra' },
    ]);
    await backend.stateStore.reset();
    expect(await backend.stateStore.get('gone')).toBeUndefined();
    expect(await admin.exists(`${prefix}{global}:g:stays`)).toBe(1);
  });
});
