import {
  createAirlock,
  type RateLimitDecision,
  type RateLimitFailMode,
  type RateLimitRequest,
  z,
} from '@airlock/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisBackend, RedisUnavailableError, redisBackend } from '../src/index.js';
import { sleep, uniquePrefix } from './support/redis.js';
import { PrivateRedisServer } from './support/redis-server.js';

/**
 * The command timeout under test, and the scheduling slack allowed on top of it. Generous for
 * a shared 2-core machine under load (a default ioredis client takes over 10 s to give up on a
 * dead server); a spurious timeout is harmless here because `recheckAfterMs` is short.
 */
const TIMEOUT = 250;
// Scheduling slack on a loaded 2-core CI box; a hang would be seconds (ioredis defaults: ~10 s).
const SLACK = 200;

const hourly = (key: string, limit: number): RateLimitRequest[] => [
  { key, limit, periodMs: 3_600_000, algorithm: 'gcra' },
];

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Polls `check` until it holds (bounded), for waiting on a reconnect. */
async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`condition did not hold within ${ms} ms`);
}

describe('a Redis that dies, hangs and comes back', () => {
  let server: PrivateRedisServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  const ioredisComplaints: string[] = [];
  const backends: RedisBackend[] = [];
  const make = (
    failMode: RateLimitFailMode,
    extra: Partial<Parameters<typeof redisBackend>[0]> = {},
  ): RedisBackend => {
    const backend = redisBackend({
      url: server.url,
      keyPrefix: uniquePrefix(`fault-${failMode}`),
      failMode,
      commandTimeoutMs: TIMEOUT,
      insurance: { workers: 4 },
      recheckAfterMs: 50,
      ...extra,
    });
    backends.push(backend);
    return backend;
  };

  beforeAll(async () => {
    server = await PrivateRedisServer.start();
    process.on('unhandledRejection', onUnhandled);
    // ioredis prints "[ioredis] Unhandled error event" when a client has no 'error' listener.
    const original = console.error;
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (String(args[0]).includes('[ioredis]')) ioredisComplaints.push(String(args[0]));
      else original(...args);
    });
  });

  afterEach(async () => {
    await server.ensureRunning();
    expect(unhandled).toEqual([]);
    expect(ioredisComplaints).toEqual([]);
  });

  afterAll(async () => {
    for (const b of backends) await b.close();
    await server?.stop();
    process.off('unhandledRejection', onUnhandled);
    vi.restoreAllMocks();
  });

  it('killed mid-run: each fail mode keeps its promise within the timeout, and decisions return to Redis after a restart', async () => {
    const modes = { open: make('open'), closed: make('closed'), insurance: make('insurance') };
    const all = Object.entries(modes) as [RateLimitFailMode, RedisBackend][];
    const forConversations = make('open');
    await Promise.all([...all.map(([, b]) => b.ready()), forConversations.ready()]);
    for (const [, b] of all)
      expect((await b.rateLimitStore.decide(hourly('warm', 8))).degraded).toBeUndefined();

    // Traffic on every backend while the server is killed and restarted.
    // Each loop runs until it has seen Redis answer again after the restart (bounded).
    const seen: { mode: RateLimitFailMode; ms: number; degraded: boolean; at: number }[] = [];
    let restartedAt = Number.POSITIVE_INFINITY;
    const traffic = all.map(async ([mode, b]) => {
      for (let i = 0; i < 2000; i++) {
        const { value, ms } = await timed(() =>
          b.rateLimitStore.decide(hourly('traffic', 1_000_000)),
        );
        const at = performance.now();
        seen.push({ mode, ms, degraded: value.degraded !== undefined, at });
        if (value.degraded === undefined && at > restartedAt) return;
        await sleep(2);
      }
    });
    await sleep(50);
    await server.kill();

    // open: allows, and says so.
    for (let i = 0; i < 3; i++) {
      const d = await modes.open.rateLimitStore.decide(hourly('one', 1));
      expect(d).toMatchObject({ allowed: true, degraded: { failMode: 'open' } });
    }
    // closed: denies with a retry time, and through an airlock that is a clear retryable error.
    const closed = await modes.closed.rateLimitStore.decide(hourly('one', 1));
    expect(closed).toMatchObject({
      allowed: false,
      retryAfterMs: 1000,
      degraded: { failMode: 'closed' },
    });
    const airlock = createAirlock({
      plugins: [modes.closed],
      policy: { rateLimits: { echo: '5/minute' } },
    });
    const echo = airlock.tool({
      name: 'echo',
      description: 'echo',
      input: z.object({}),
      run: () => 'hi',
    });
    const blocked = await echo.call({}, { agentId: 'a1' });
    expect(blocked.ok).toBe(false);
    if (!blocked.ok) {
      expect(blocked.error).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: true,
        retryAfterMs: 1000,
      });
      expect(blocked.error.details).toMatchObject({
        reason: 'limiter_unavailable',
        degraded: 'closed',
      });
      expect(blocked.error.message).toMatch(/unavailable/);
    }
    // insurance: this process's share, ⌈8 / 4 workers⌉ = 2, then denied.
    const insured = [];
    for (let i = 0; i < 4; i++)
      insured.push(await modes.insurance.rateLimitStore.decide(hourly('ins', 8)));
    expect(insured.map((d) => d.allowed)).toEqual([true, true, false, false]);
    expect(insured.every((d) => d.degraded?.failMode === 'insurance')).toBe(true);
    // State calls fail fast and clearly; health reports it, critical only where a limit fails closed.
    const get = await timed(() => modes.open.stateStore.get('k').catch((e: unknown) => e));
    expect(get.value).toBeInstanceOf(RedisUnavailableError);
    expect(get.ms).toBeLessThan(TIMEOUT + SLACK);
    // Core state on top (a conversation limit): a retryable error for the call, never a throw.
    const convAirlock = createAirlock({
      plugins: [forConversations],
      policy: { conversation: { maxCalls: 5 } },
    });
    const convTool = convAirlock.tool({
      name: 'conv',
      description: 'conv',
      input: z.object({}),
      run: () => 'ran',
    });
    const conv = await timed(() => convTool.call({}, { agentId: 'a1', conversationId: 'c1' }));
    expect(conv.value).toMatchObject({
      ok: false,
      error: { code: 'TOOL_FAILED', retryable: true },
    });
    expect(conv.ms).toBeLessThan(TIMEOUT + SLACK);
    await convAirlock.close();
    expect(await modes.closed.health()).toMatchObject({ name: 'redis', ok: false, critical: true });
    expect(await modes.open.health()).toMatchObject({ ok: false, critical: false });
    expect(await modes.insurance.health()).toMatchObject({ ok: false, critical: false });

    await server.restart();
    restartedAt = performance.now();
    for (const [, b] of all) {
      await eventually(
        async () =>
          (await b.rateLimitStore.decide(hourly('probe', 1_000_000))).degraded === undefined,
      );
    }
    await Promise.all(traffic);

    // Back on Redis by themselves: a limit of 1 holds again (the restarted server is empty).
    // A fresh key per attempt, because on a starved machine one call can still time out.
    let pair: RateLimitDecision[] = [];
    for (let i = 0; i < 5; i++) {
      pair = [
        await modes.open.rateLimitStore.decide(hourly(`after${i}`, 1)),
        await modes.open.rateLimitStore.decide(hourly(`after${i}`, 1)),
      ];
      if (pair.every((d) => d.degraded === undefined)) break;
    }
    expect(pair.map((d) => [d.allowed, d.degraded?.reason])).toEqual([
      [true, undefined],
      [false, undefined],
    ]);
    expect((await modes.closed.health()).ok).toBe(true);
    expect((await modes.closed.health()).latencyMs).toBeGreaterThanOrEqual(0);
    await airlock.close();

    for (const [mode] of all) {
      const mine = seen.filter((s) => s.mode === mode);
      expect(mine.some((s) => s.degraded)).toBe(true);
      expect(mine.some((s) => !s.degraded && s.at > restartedAt)).toBe(true);
    }
    expect(Math.max(...seen.map((s) => s.ms))).toBeLessThan(TIMEOUT + SLACK);
  });

  it.each([
    ['a client made from the url', false],
    ['a passed-in client with default ioredis settings', true],
  ])(
    'hung (SIGSTOP), %s: one call pays the timeout, the next ones answer at once, then Redis again',
    async (_, passIn) => {
      let client: Redis | undefined;
      if (passIn) {
        client = new Redis(server.url);
        client.on('error', () => {});
      }
      const b = make('closed', {
        recheckAfterMs: 300,
        ...(passIn ? { client, url: undefined } : {}),
      });
      await b.ready();
      expect((await b.rateLimitStore.decide(hourly('hung', 5))).degraded).toBeUndefined();

      server.pause();
      const first = await timed(() => b.rateLimitStore.decide(hourly('hung', 5)));
      expect(first.value).toMatchObject({ allowed: false, degraded: { failMode: 'closed' } });
      expect(first.ms).toBeGreaterThanOrEqual(TIMEOUT - 5);
      expect(first.ms).toBeLessThan(TIMEOUT + SLACK);
      const next = await timed(() => b.rateLimitStore.decide(hourly('hung', 5)));
      expect(next.value.degraded?.failMode).toBe('closed');
      expect(next.ms).toBeLessThan(50);
      const get = await timed(() => b.stateStore.get('x').catch((e: unknown) => e));
      expect(get.value).toBeInstanceOf(RedisUnavailableError);
      expect(get.ms).toBeLessThan(TIMEOUT + SLACK);

      server.resume();
      await eventually(
        async () => (await b.rateLimitStore.decide(hourly('hung', 5))).degraded === undefined,
      );
      await b.close();
      if (client) {
        expect(client.status).toBe('ready'); // not ours to close
        await client.quit();
      }
    },
  );

  it('re-loads its scripts after SCRIPT FLUSH (NOSCRIPT) and keeps deciding correctly', async () => {
    const b = make('closed');
    await b.ready();
    const admin = new Redis(server.url);
    admin.on('error', () => {});
    expect((await b.rateLimitStore.decide(hourly('ns', 2))).allowed).toBe(true);
    expect(await b.stateStore.increment('n', 1)).toEqual({ applied: true, value: 1 });
    await admin.script('FLUSH');
    const d1 = await b.rateLimitStore.decide(hourly('ns', 2));
    const d2 = await b.rateLimitStore.decide(hourly('ns', 2));
    expect([d1.allowed, d1.degraded, d2.allowed, d2.degraded]).toEqual([
      true,
      undefined,
      false,
      undefined,
    ]);
    expect(await b.stateStore.increment('n', 1)).toEqual({ applied: true, value: 2 });
    await admin.quit();
  });

  it('close() does not hang on a dead Redis', async () => {
    const b = make('open');
    await b.ready();
    await server.kill();
    const closing = await timed(() => b.close());
    expect(closing.ms).toBeLessThan(TIMEOUT + SLACK);
    // Closed for good: it does not reconnect when the server is back.
    await server.restart();
    await sleep(700);
    expect((b.client as Redis).status).not.toBe('ready');
    expect((await b.rateLimitStore.decide(hourly('after-close', 1))).degraded?.reason).toMatch(
      /closed/,
    );
  });
});
