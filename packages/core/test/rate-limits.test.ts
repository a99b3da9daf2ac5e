import { describe, expect, it } from 'vitest';
import {
  createAirlock,
  ManualClock,
  MemoryRateLimitStore,
  type SecurityPolicy,
  z,
} from '../src/index.js';

function setup(policy: SecurityPolicy) {
  const clock = new ManualClock(Date.parse('2026-11-26T10:00:00Z'));
  const airlock = createAirlock({ policy, clock });
  const make = (name: string) =>
    airlock.tool({ name, description: 'd', input: z.object({ n: z.number() }), run: ({ n }) => n });
  return { airlock, make, clock };
}

const allowed = (results: { ok: boolean }[]) => results.filter((r) => r.ok).length;

describe('rate limits', () => {
  it('10,000 concurrent calls against 5/minute admit exactly 5', async () => {
    const { make } = setup({ rateLimits: { '*': '5/minute' } });
    const t = make('search');
    const results = await Promise.all(Array.from({ length: 10_000 }, (_, n) => t.call({ n })));
    expect(allowed(results)).toBe(5);
    const denied = results.find((r) => !r.ok);
    expect(denied?.ok === false && denied.error).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
    });
    expect(denied?.ok === false && denied.error.retryAfterMs).toBeGreaterThan(11_000);
  });

  it('two tools under "*" each get their own budget by default', async () => {
    const { make } = setup({ rateLimits: { '*': '2/minute' } });
    const a = make('tool_a');
    const b = make('tool_b');
    expect(allowed(await Promise.all([a.call({ n: 1 }), a.call({ n: 2 }), a.call({ n: 3 })]))).toBe(
      2,
    );
    expect(allowed(await Promise.all([b.call({ n: 1 }), b.call({ n: 2 }), b.call({ n: 3 })]))).toBe(
      2,
    );
  });

  it('shared: true makes the tools under a glob share one budget', async () => {
    const { make } = setup({ rateLimits: { '*': { rate: '2/minute', shared: true } } });
    const a = make('tool_a');
    const b = make('tool_b');
    expect(allowed([await a.call({ n: 1 }), await b.call({ n: 1 }), await b.call({ n: 2 })])).toBe(
      2,
    );
  });

  it('a rejected (invalid) call consumes no rate limit', async () => {
    const { make } = setup({ rateLimits: { '*': '2/minute' } });
    const t = make('search');
    for (let i = 0; i < 20; i++) expect((await t.call({ n: 'not a number' })).ok).toBe(false);
    for (let i = 0; i < 20; i++) expect((await t.call({ n: 1, ghost: true })).ok).toBe(false);
    expect(allowed([await t.call({ n: 1 }), await t.call({ n: 2 }), await t.call({ n: 3 })])).toBe(
      2,
    );
  });

  it('the default scope is per workspace and agent; other scopes share accordingly', async () => {
    const { make } = setup({
      rateLimits: {
        per_agent: '1/minute',
        per_ws: { rate: '1/minute', scope: 'workspace' },
        per_user: { rate: '1/minute', scope: 'user' },
        everyone: { rate: '1/minute', scope: 'global' },
      },
    });
    const perAgent = make('per_agent');
    expect((await perAgent.call({ n: 1 }, { workspaceId: 'w1', agentId: 'a1' })).ok).toBe(true);
    expect((await perAgent.call({ n: 1 }, { workspaceId: 'w1', agentId: 'a2' })).ok).toBe(true);
    expect((await perAgent.call({ n: 1 }, { workspaceId: 'w2', agentId: 'a1' })).ok).toBe(true);
    expect((await perAgent.call({ n: 1 }, { workspaceId: 'w1', agentId: 'a1' })).ok).toBe(false);
    const perWs = make('per_ws');
    expect((await perWs.call({ n: 1 }, { workspaceId: 'w1', agentId: 'a1' })).ok).toBe(true);
    expect((await perWs.call({ n: 1 }, { workspaceId: 'w1', agentId: 'a2' })).ok).toBe(false);
    const perUser = make('per_user');
    expect(
      (await perUser.call({ n: 1 }, { workspaceId: 'w1', userId: 'u1', agentId: 'a1' })).ok,
    ).toBe(true);
    expect(
      (await perUser.call({ n: 1 }, { workspaceId: 'w1', userId: 'u1', agentId: 'a2' })).ok,
    ).toBe(false);
    expect(
      (await perUser.call({ n: 1 }, { workspaceId: 'w1', userId: 'u2', agentId: 'a1' })).ok,
    ).toBe(true);
    const everyone = make('everyone');
    expect((await everyone.call({ n: 1 }, { workspaceId: 'w1' })).ok).toBe(true);
    expect((await everyone.call({ n: 1 }, { workspaceId: 'w2' })).ok).toBe(false);
  });

  it('several limits on one tool are decided together: a denial consumes from none', async () => {
    const { make } = setup({
      rateLimits: {
        send: [
          { rate: '1/minute', scope: 'user' },
          { rate: '3/minute', scope: 'workspace' },
        ],
      },
    });
    const t = make('send');
    expect((await t.call({ n: 1 }, { workspaceId: 'w', userId: 'u1' })).ok).toBe(true);
    // u1's own limit denies: the workspace allowance must stay at 2.
    for (let i = 0; i < 5; i++)
      expect((await t.call({ n: 1 }, { workspaceId: 'w', userId: 'u1' })).ok).toBe(false);
    expect((await t.call({ n: 1 }, { workspaceId: 'w', userId: 'u2' })).ok).toBe(true);
    expect((await t.call({ n: 1 }, { workspaceId: 'w', userId: 'u3' })).ok).toBe(true);
    const r = await t.call({ n: 1 }, { workspaceId: 'w', userId: 'u4' });
    expect(r.ok ? null : r.error.details).toMatchObject({ limit: '3/minute', scope: 'workspace' });
  });

  it('the bucket refills with time (GCRA), and strict never allows more than N per rolling period', async () => {
    const { make, clock } = setup({
      rateLimits: { g: '2/minute', s: { rate: '2/minute', algorithm: 'strict' } },
    });
    const g = make('g');
    expect(allowed([await g.call({ n: 1 }), await g.call({ n: 1 }), await g.call({ n: 1 })])).toBe(
      2,
    );
    clock.advance(30_000);
    expect(allowed([await g.call({ n: 1 }), await g.call({ n: 1 })])).toBe(1);
    const s = make('s');
    expect(allowed([await s.call({ n: 1 }), await s.call({ n: 1 })])).toBe(2);
    clock.advance(59_999);
    expect((await s.call({ n: 1 })).ok).toBe(false);
    clock.advance(2);
    expect(allowed([await s.call({ n: 1 }), await s.call({ n: 1 }), await s.call({ n: 1 })])).toBe(
      2,
    );
  });

  it('the most specific glob decides a tool’s limit', async () => {
    const { make } = setup({ rateLimits: { '*': '100/minute', 'send_*': '1/minute' } });
    const send = make('send_email');
    expect(allowed([await send.call({ n: 1 }), await send.call({ n: 1 })])).toBe(1);
    const other = make('get_x');
    expect(allowed([await other.call({ n: 1 }), await other.call({ n: 1 })])).toBe(2);
  });

  it('a store that throws fails the call closed with a retryable error', async () => {
    const store = new MemoryRateLimitStore();
    store.decide = () => {
      throw new Error('store down');
    };
    const airlock = createAirlock({
      rateLimitStore: store,
      policy: { rateLimits: { '*': '5/minute' } },
    });
    const t = airlock.tool({ name: 't', description: 'd', input: z.object({}), run: () => 1 });
    const r = await t.call({});
    expect(r.ok ? null : r.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  });

  it('memory stays bounded: expired keys are swept', async () => {
    const clock = new ManualClock(0);
    const store = new MemoryRateLimitStore(clock);
    for (let i = 0; i < 50_000; i++) {
      store.decide([{ key: `k${i}`, limit: 1, periodMs: 1000, algorithm: 'gcra' }]);
      clock.advance(1);
    }
    expect(store.size).toBeLessThan(5_000);
  });
});
