import { describe, expect, it } from 'vitest';
import {
  type AirlockEvent,
  type AirlockOptions,
  createAirlock,
  ManualClock,
  MemoryStateStore,
  type StateStore,
  ToolError,
  z,
} from '../../src/index.js';

/** A tool whose behaviour the test steers: fail, succeed, or wait at a gate. */
function harness(
  options: AirlockOptions & { clock: ManualClock },
  breaker: Record<string, unknown> = {},
) {
  const events: AirlockEvent[] = [];
  const airlock = createAirlock({
    ...options,
    observers: [{ onEvent: (e) => void events.push(e) }],
  });
  let mode: 'fail' | 'ok' | 'gate' = 'ok';
  let invocations = 0;
  let release!: () => void;
  let gate = new Promise<void>((r) => {
    release = r;
  });
  const tool = airlock.tool({
    name: 'flaky',
    description: 'A dependency that fails on demand',
    input: z.object({}),
    breaker: { failureThreshold: 2, recoveryTimeout: '5s', halfOpenRequests: 3, ...breaker },
    run: async () => {
      invocations++;
      if (mode === 'fail') throw new Error('downstream is down');
      if (mode === 'gate') await gate;
      return 'ok';
    },
  });
  return {
    airlock,
    tool,
    events,
    set mode(m: 'fail' | 'ok' | 'gate') {
      mode = m;
    },
    get invocations() {
      return invocations;
    },
    release: () => {
      release();
      gate = new Promise<void>((r) => {
        release = r;
      });
    },
  };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('circuit breaker in the pipeline', () => {
  it('answers CIRCUIT_OPEN with retryAfterMs without running the tool, and reports every transition', async () => {
    const clock = new ManualClock(0);
    const h = harness({ clock });
    h.mode = 'fail';
    expect((await h.tool.call({})).ok).toBe(false);
    expect((await h.tool.call({})).ok).toBe(false);
    expect(h.invocations).toBe(2);
    clock.advance(2_000);
    const blocked = await h.tool.call({});
    expect(h.invocations).toBe(2);
    expect(blocked.ok).toBe(false);
    if (blocked.ok) return;
    expect(blocked.error).toMatchObject({
      code: 'CIRCUIT_OPEN',
      retryable: true,
      retryAfterMs: 3_000,
      details: { breaker: 'flaky', state: 'open' },
    });
    expect(blocked.error.message).toMatch(/try it again in about 3 s/);

    clock.advance(3_000);
    h.mode = 'ok';
    for (let i = 0; i < 3; i++) expect((await h.tool.call({})).ok).toBe(true);
    await flush();
    expect(h.events.map((e) => e.type)).toEqual([
      'circuit_opened',
      'circuit_half_open',
      'circuit_closed',
    ]);
    expect(h.events[0]).toMatchObject({
      tool: 'flaky',
      data: { breaker: 'flaky', reason: 'failure_threshold', retryAfterMs: 5_000 },
    });
    await h.airlock.close();
  });

  it('a deliberate non-retryable ToolError does not count as a failure', async () => {
    const clock = new ManualClock(0);
    const airlock = createAirlock({ clock });
    let runs = 0;
    const tool = airlock.tool({
      name: 'lookup',
      description: 'Finds nothing',
      input: z.object({}),
      breaker: { failureThreshold: 1 },
      run: () => {
        runs++;
        throw new ToolError('No such customer.');
      },
    });
    for (let i = 0; i < 3; i++) {
      const r = await tool.call({});
      expect(r.ok === false && r.error.code).toBe('TOOL_FAILED');
    }
    expect(runs).toBe(3);
  });

  it('releases conversation reservations when the breaker rejects (the tool never ran)', async () => {
    const clock = new ManualClock(0);
    const h = harness({ clock, policy: { conversation: { maxCalls: 3 } } });
    const ctx = { conversationId: 'c1' };
    h.mode = 'fail';
    await h.tool.call({}, ctx);
    await h.tool.call({}, ctx);
    // Two calls ran and failed; the breaker is open. Rejected calls must not use up the budget.
    for (let i = 0; i < 5; i++) expect((await h.tool.call({}, ctx)).ok === false).toBe(true);
    clock.advance(5_000);
    h.mode = 'ok';
    const r = await h.tool.call({}, ctx);
    expect(r.ok).toBe(true);
  });

  for (const shared of [false, true]) {
    it(`admits exactly halfOpenRequests of 100 concurrent callers in half-open (${shared ? 'shared store' : 'memory'})`, async () => {
      const clock = new ManualClock(0);
      const h = harness({ clock, stateStore: new MemoryStateStore(clock) }, { shared });
      h.mode = 'fail';
      await h.tool.call({});
      await h.tool.call({});
      clock.advance(5_000);
      h.mode = 'gate';
      const before = h.invocations;
      const settled: boolean[] = [];
      const calls = Array.from({ length: 100 }, (_, i) =>
        h.tool.call({}).then((r) => {
          settled[i] = true;
          return r;
        }),
      );
      // The rejected callers come back at once, while the trial calls are still at the gate.
      for (let i = 0; i < 20 && settled.filter(Boolean).length < 97; i++) await flush();
      expect(settled.filter(Boolean).length).toBe(97);
      expect(h.invocations - before).toBe(3);
      h.release();
      const results = await Promise.all(calls);
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      const rejected = results.filter((r) => !r.ok);
      expect(rejected).toHaveLength(97);
      for (const r of rejected)
        if (!r.ok)
          expect(r.error).toMatchObject({ code: 'CIRCUIT_OPEN', details: { state: 'half_open' } });
      // All three trial calls succeeded: closed again, every call goes through.
      h.mode = 'ok';
      expect((await h.tool.call({})).ok).toBe(true);
      expect((await h.airlock.breakers())[0]).toMatchObject({ key: 'flaky', state: 'closed' });
      await h.airlock.close();
    });
  }
});

describe('shared breaker: two airlocks, one store', () => {
  function pair(store: StateStore, clock: ManualClock) {
    const make = () => {
      const airlock = createAirlock({
        clock,
        stateStore: store,
        breaker: { failureThreshold: 3, recoveryTimeout: '10s', shared: true },
      });
      let mode: 'fail' | 'ok' = 'ok';
      let runs = 0;
      const tool = airlock.tool({
        name: 'payments_api',
        description: 'Calls the payments API',
        input: z.object({}),
        run: async () => {
          runs++;
          if (mode === 'fail') throw new Error('503');
          return 'paid';
        },
      });
      return {
        airlock,
        tool,
        set mode(m: 'fail' | 'ok') {
          mode = m;
        },
        get runs() {
          return runs;
        },
      };
    };
    return [make(), make()] as const;
  }

  it('failures seen by either instance open one breaker that both obey', async () => {
    const clock = new ManualClock(10_000);
    const store = new MemoryStateStore(clock);
    const [a, b] = pair(store, clock);
    a.mode = 'fail';
    b.mode = 'fail';
    await a.tool.call({});
    await b.tool.call({});
    expect((await a.airlock.breakers())[0]).toMatchObject({ state: 'closed', failures: 2 });
    await a.tool.call({}); // third consecutive failure, across both instances
    const fromB = await b.tool.call({});
    expect(fromB.ok === false && fromB.error).toMatchObject({
      code: 'CIRCUIT_OPEN',
      retryAfterMs: 10_000,
    });
    expect(b.runs).toBe(1);

    // Recovery: one trial call in total across both instances (halfOpenRequests defaults to 1).
    clock.advance(10_000);
    a.mode = 'ok';
    b.mode = 'ok';
    const [ra, rb] = await Promise.all([a.tool.call({}), b.tool.call({})]);
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
    expect((await b.airlock.breakers())[0]).toMatchObject({ state: 'closed', failures: 0 });
    expect((await a.tool.call({})).ok).toBe(true);
    expect((await b.tool.call({})).ok).toBe(true);
  });

  it('a success on either instance resets the consecutive count', async () => {
    const clock = new ManualClock(0);
    const [a, b] = pair(new MemoryStateStore(clock), clock);
    a.mode = 'fail';
    await a.tool.call({});
    await a.tool.call({});
    await b.tool.call({}); // success on b
    await a.tool.call({});
    await a.tool.call({});
    expect((await b.airlock.breakers())[0]).toMatchObject({ state: 'closed', failures: 2 });
  });

  it('a failing store never blocks calls: the breaker lets them through and reports the error', async () => {
    const clock = new ManualClock(0);
    const broken = new MemoryStateStore(clock);
    broken.get = async () => {
      throw new Error('store down');
    };
    const errors: string[] = [];
    const airlock = createAirlock({
      clock,
      stateStore: broken,
      breaker: { shared: true },
      onObserverError: (_e, source) => void errors.push(source),
    });
    const tool = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({}),
      run: () => 'ok',
    });
    expect((await tool.call({})).ok).toBe(true);
    expect(errors).toContain('breaker');
  });
});
