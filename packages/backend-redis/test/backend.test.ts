import { createAirlock, z } from '@airlock/core';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type RedisBackend, type RedisBackendOptions, redisBackend } from '../src/index.js';
import { deletePrefix, REDIS_URL, TEST_COMMAND_TIMEOUT_MS, uniquePrefix } from './support/redis.js';

describe('redisBackend()', () => {
  const prefixes: string[] = [];
  const opened: RedisBackend[] = [];
  const open = async (options: Partial<RedisBackendOptions> = {}): Promise<RedisBackend> => {
    const keyPrefix = options.keyPrefix ?? uniquePrefix('backend');
    prefixes.push(keyPrefix);
    const backend = redisBackend({
      url: REDIS_URL,
      keyPrefix,
      commandTimeoutMs: TEST_COMMAND_TIMEOUT_MS,
      ...options,
    } as RedisBackendOptions);
    opened.push(backend);
    await backend.ready();
    return backend;
  };
  afterAll(async () => {
    for (const b of opened) await b.close();
    for (const p of prefixes) await deletePrefix(p);
  });

  it.each<[string, unknown, RegExp]>([
    ['neither url nor client', {}, /exactly one of `url` or `client`/],
    ['both url and client', { url: REDIS_URL, client: {} }, /exactly one/],
    ['a url of another scheme', { url: 'http://localhost' }, /redis:\/\//],
    ['a client that is not ioredis', { client: { get() {} } }, /ioredis/],
    ['a prefix with a brace', { url: REDIS_URL, keyPrefix: 'a{b}:' }, /must not contain/],
    [
      'an unknown fail mode',
      { url: REDIS_URL, failMode: 'sometimes' },
      /failMode must be one of open, closed, insurance/,
    ],
    [
      'a zero timeout',
      { url: REDIS_URL, commandTimeoutMs: 0 },
      /commandTimeoutMs must be a finite number > 0/,
    ],
    [
      'fractional workers',
      { url: REDIS_URL, insurance: { workers: 1.5 } },
      /insurance.workers must be an integer >= 1/,
    ],
  ])('rejects %s at start-up with a clear error', (_, options, message) => {
    expect(() => redisBackend(options as RedisBackendOptions)).toThrow(message);
  });

  it('is a plugin: an airlock uses its stores, and two airlocks (two "processes") share one limit', async () => {
    const keyPrefix = uniquePrefix('shared');
    const a = await open({ keyPrefix });
    const b = await open({ keyPrefix });
    const policy = { rateLimits: { lookup: '3/hour' }, conversation: { maxCalls: 4 } };
    const airlocks = [
      createAirlock({ plugins: [a], policy }),
      createAirlock({ plugins: [b], policy }),
    ];
    expect(airlocks[0]!.rateLimitStore).toBe(a.rateLimitStore);
    expect(airlocks[0]!.stateStore).toBe(a.stateStore);
    const tools = airlocks.map((al) =>
      al.tool({ name: 'lookup', description: 'Look up', input: z.object({}), run: () => 'ok' }),
    );
    const ctx = { agentId: 'a1', workspaceId: 'w1' };
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      const r = await tools[i % 2]!.call({}, { ...ctx, conversationId: `c${i}` });
      outcomes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    // Conversation counters are shared state too: 4 calls in one conversation, across both.
    const conv = [];
    for (let i = 0; i < 5; i++) {
      const r = await tools[i % 2]!.call(
        {},
        { agentId: `agent${i}`, workspaceId: 'w1', conversationId: 'shared-conv' },
      );
      conv.push(r.ok ? 'ok' : r.error.code);
    }
    expect(conv).toEqual(['ok', 'ok', 'ok', 'ok', 'BUDGET_EXCEEDED']);
    for (const al of airlocks) await al.close();
  });

  it('health() reports reachability and latency; critical only when a limit fails closed', async () => {
    const insured = await open({ failMode: 'insurance' });
    const report = await insured.health();
    expect(report).toMatchObject({
      name: 'redis',
      ok: true,
      critical: false,
      details: { status: 'ready', failMode: 'insurance' },
    });
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(report)).not.toContain('redis://'); // no URL, so no password in reports

    expect((await (await open({ failMode: 'closed' })).health()).critical).toBe(true);
    expect((await (await open({ critical: true })).health()).critical).toBe(true);
    // A backend whose default is open becomes critical once a limit asks to fail closed.
    const open_ = await open({ failMode: 'open' });
    expect((await open_.health()).critical).toBe(false);
    await open_.rateLimitStore.decide([
      { key: 'k', limit: 1, periodMs: 1000, algorithm: 'gcra', failMode: 'closed' },
    ]);
    expect((await open_.health()).critical).toBe(true);
  });

  it('close() quits a client it made, and leaves a passed-in client open unless told otherwise', async () => {
    const own = await open();
    await own.close();
    await own.close(); // idempotent
    expect((own.client as Redis).status).toBe('end');

    const mine = new Redis(REDIS_URL);
    mine.on('error', () => {});
    const lent = await open({ url: undefined, client: mine });
    const errorListeners = mine.listenerCount('error');
    await lent.close();
    expect(mine.status).toBe('ready');
    expect(mine.listenerCount('error')).toBe(errorListeners - 1); // its own listener removed
    expect(await mine.ping()).toBe('PONG');

    const given = await open({ url: undefined, client: mine, closeClient: true });
    await given.close();
    expect(mine.status).toBe('end');
  });

  it('connects a passed-in lazyConnect client itself', async () => {
    const lazy = new Redis(REDIS_URL, { lazyConnect: true });
    lazy.on('error', () => {});
    const backend = await open({ url: undefined, client: lazy, closeClient: true });
    expect(lazy.status).toBe('ready');
    expect(
      (
        await backend.rateLimitStore.decide([
          { key: 'lazy', limit: 1, periodMs: 1000, algorithm: 'gcra' },
        ])
      ).degraded,
    ).toBeUndefined();
  });

  it("an airlock's readiness reflects the plugin health", async () => {
    const backend = await open({ failMode: 'closed' });
    const airlock = createAirlock({ plugins: [backend] });
    const health = await airlock.health();
    expect(health.checks).toEqual([
      expect.objectContaining({ name: 'redis', ok: true, critical: true }),
    ]);
    await airlock.close();
    expect((backend.client as Redis).status).toBe('end');
  });
});
