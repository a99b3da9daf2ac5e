import { createAirlock, defineRecognizer, z } from '@airlock/core';
import { PostHog } from 'posthog-node';
import { afterEach, describe, expect, it } from 'vitest';
import { hashedDistinctId, posthogObserver } from '../src/index.js';
import { startFakePosthog } from './fake-posthog.js';

const email = defineRecognizer({
  name: 'test-email',
  type: 'email',
  patterns: [
    { name: 'email', regex: /[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}\.[a-z]{2,10}/g, score: 0.9 },
  ],
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(options: { flushAt: number; client?: (host: string) => PostHog }) {
  const server = await startFakePosthog();
  cleanups.push(server.close);
  const plugin = options.client
    ? posthogObserver({ client: options.client(server.host) })
    : posthogObserver({
        apiKey: 'phc_test',
        host: server.host,
        flushAt: options.flushAt,
        flushInterval: 60_000,
      });
  const airlock = createAirlock({
    plugins: [plugin],
    recognizers: [email],
    policy: { rateLimits: { send: '1/hour' } },
  });
  const send = airlock.tool({
    name: 'send',
    description: 'send',
    input: z.object({ to: z.string() }),
    run: ({ to }) => `sent to ${to}`,
  });
  return { server, airlock, send, plugin };
}

describe('PosthogObserver', () => {
  it('sends blocks and detections as one batch on close, with no values or raw ids', async () => {
    const { server, airlock, send } = await setup({ flushAt: 100 });
    const ctx = { workspaceId: 'acme', agentId: 'a1' };
    expect((await send.call({ to: 'ann@example.com' }, ctx)).ok).toBe(true);
    expect((await send.call({ to: 'bob@example.com' }, ctx)).ok).toBe(false); // rate limited
    expect((await send.call({ to: 42 }, ctx)).ok).toBe(false); // invalid
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requestsReceived).toBe(0); // batched, not sent per event
    await airlock.close();
    expect(server.batches).toHaveLength(1);
    const events = server.events();
    expect(events.map((e) => [e.event, e.properties.code ?? null])).toEqual([
      ['airlock_pii_detected', null],
      ['airlock_call_blocked', 'RATE_LIMITED'],
      ['airlock_call_blocked', 'VALIDATION_FAILED'],
    ]);
    expect(events[0]!.properties).toMatchObject({
      tool: 'send',
      count: 1,
      types: ['email'],
      pii_email: 1,
      $lib: 'posthog-node',
    });
    expect(events[1]!.properties).toMatchObject({
      tool: 'send',
      outcome: 'blocked',
      retryable: true,
    });
    for (const e of events) expect(e.distinct_id).toBe(hashedDistinctId(ctx));
    const wire = JSON.stringify(events);
    for (const secret of ['ann@example.com', 'bob@example.com', 'acme', '"a1"'])
      expect(wire).not.toContain(secret);
  });

  it('never holds up a call while PostHog is slow, and loses nothing at close', async () => {
    const { server, airlock, send } = await setup({ flushAt: 1 });
    server.hold();
    const results = [await send.call({ to: 'user0@example.com' }, { workspaceId: 'w0' })];
    for (let i = 0; i < 100 && server.requestsReceived === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(server.requestsReceived).toBeGreaterThan(0); // a batch is on the wire, unanswered
    for (let i = 1; i < 5; i++)
      results.push(await send.call({ to: `user${i}@example.com` }, { workspaceId: `w${i}` }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.batches).toHaveLength(0); // nothing answered yet: the calls did not wait for it
    const closing = airlock.close();
    await new Promise((r) => setTimeout(r, 20));
    server.release();
    await closing;
    server.release(); // anything sent while releasing
    expect(server.events().filter((e) => e.event === 'airlock_pii_detected')).toHaveLength(5);
  });

  it('flushes a client you own on close and leaves it open', async () => {
    let client!: PostHog;
    const { server, airlock, send } = await setup({
      flushAt: 100,
      client: (host) => {
        client = new PostHog('phc_mine', { host, flushAt: 100, flushInterval: 60_000 });
        return client;
      },
    });
    await send.call({ to: 'ann@example.com' });
    await airlock.close();
    expect(server.events().map((e) => e.event)).toEqual(['airlock_pii_detected']);
    client.capture({ distinctId: 'me', event: 'still_open' });
    await client.shutdown();
    expect(server.events().map((e) => e.event)).toEqual(['airlock_pii_detected', 'still_open']);
  });

  it('needs a client or an api key', () => {
    expect(() => posthogObserver({})).toThrow('give a client, or an apiKey');
  });
});
