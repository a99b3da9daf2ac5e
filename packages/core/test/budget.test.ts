import { describe, expect, it } from 'vitest';
import {
  type AirlockEvent,
  type CallEndEvent,
  createAirlock,
  ManualClock,
  MemoryStateStore,
  type StateStore,
  z,
} from '../src/index.js';
import { budgetConformance } from '../src/testing/index.js';

// One MemoryStateStore instance shared by both airlocks stands for a shared backend here.
// The same suite runs on Redis in packages/backend-redis/test/shared-conformance.test.ts.
budgetConformance('one shared MemoryStateStore', () => {
  const clock = new ManualClock(Date.UTC(2026, 4, 10, 12));
  return { store: new MemoryStateStore(clock), advance: async (ms) => clock.advance(ms) };
});

const input = z.object({ q: z.string() });
const run = async ({ q }: { q: string }) => `result for ${q}`;

describe('budgets', () => {
  it('prices calls per tool over per model over the default, and books cost in CallEndEvent', async () => {
    const ends: CallEndEvent[] = [];
    const airlock = createAirlock({
      budgets: { workspace: { cost: 100 } },
      pricing: {
        default: { perCall: 1 },
        models: { 'big-model': { inputPer1k: 1000, outputPer1k: 2000 } },
        tools: { 'paid_*': { perCall: 0.25 } },
      },
      observers: [{ onCallEnd: (e) => void ends.push(e) }],
    });
    const free = airlock.tool({ name: 'search', description: 's', input, run });
    const paid = airlock.tool({ name: 'paid_api', description: 'p', input, run });
    await free.call({ q: 'xxxx' }, { workspaceId: 'w' }); // default: 1 per call
    await free.call({ q: 'xxxx' }, { workspaceId: 'w', metadata: { model: 'big-model' } }); // 3 in, 4 out tokens
    await paid.call({ q: 'xxxx' }, { workspaceId: 'w', metadata: { model: 'big-model' } }); // tool entry wins
    await airlock.close();
    expect(ends.map((e) => e.cost)).toEqual([1, 3 * 1 + 4 * 2, 0.25]);
    const [usage] = await airlock.budgets!.usage({ workspaceId: 'w' });
    expect(usage!.used).toBe(12.25 * 1_000_000);
  });

  it('BUDGET_EXCEEDED says what was used, the limit, and when the period resets', async () => {
    const clock = new ManualClock(Date.UTC(2026, 4, 31, 23, 0));
    const airlock = createAirlock({ clock, budgets: { user: { calls: 1 }, period: 'day' } });
    const t = airlock.tool({ name: 'search', description: 's', input, run });
    const ctx = { workspaceId: 'w', userId: 'ann' };
    expect((await t.call({ q: 'a' }, ctx)).ok).toBe(true);
    const r = await t.call({ q: 'b' }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      retryable: false,
      message: 'This user has made 1 of its 1 allowed tool calls today.',
      details: {
        budget: 'user_calls',
        scope: 'user',
        used: 1,
        limit: 1,
        period: 'day',
        resetsAt: '2026-06-01T00:00:00.000Z',
      },
    });
    clock.advance(60 * 60_000); // the next UTC day: a fresh budget
    expect((await t.call({ q: 'c' }, ctx)).ok).toBe(true);
    await airlock.close();
  });

  it('fires one budget_warning when use crosses the warning fraction', async () => {
    const events: AirlockEvent[] = [];
    const airlock = createAirlock({
      budgets: { workspace: { calls: 10 }, warnAt: 0.5 },
      observers: [{ onEvent: (e) => void events.push(e) }],
    });
    const t = airlock.tool({ name: 'search', description: 's', input, run });
    for (let i = 0; i < 8; i++) await t.call({ q: 'a' }, { workspaceId: 'w' });
    await airlock.close();
    const warnings = events.filter((e) => e.type === 'budget_warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.data).toMatchObject({
      scope: 'workspace',
      dimension: 'calls',
      used: 5,
      limit: 10,
      warnAt: 0.5,
    });
  });

  it('a conversation budget counts only calls with that conversation id', async () => {
    const airlock = createAirlock({ budgets: { conversation: { calls: 2 } } });
    const t = airlock.tool({ name: 'search', description: 's', input, run });
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push((await t.call({ q: 'a' }, { conversationId: 'c1' })).ok);
    for (let i = 0; i < 3; i++) results.push((await t.call({ q: 'a' }, {})).ok);
    expect(results).toEqual([true, true, false, true, true, true]);
    await airlock.close();
  });

  it('limits can be picked per call from the context (plans per tenant)', async () => {
    const airlock = createAirlock({
      budgets: { workspace: (ctx) => (ctx.metadata?.plan === 'pro' ? { calls: 3 } : { calls: 1 }) },
    });
    const t = airlock.tool({ name: 'search', description: 's', input, run });
    const free = { workspaceId: 'free' };
    const pro = { workspaceId: 'pro', metadata: { plan: 'pro' } };
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push((await t.call({ q: 'a' }, free)).ok, (await t.call({ q: 'a' }, pro)).ok);
    expect(outcomes).toEqual([true, true, false, true, false, true]);
    await airlock.close();
  });

  it('a failed tool still books its call and arguments, with no output', async () => {
    const airlock = createAirlock({ budgets: { workspace: { tokens: 100, calls: 10 } } });
    const t = airlock.tool({
      name: 'flaky',
      description: 'f',
      input,
      run: () => {
        throw new Error('down');
      },
    });
    const r = await t.call({ q: 'xxxx' }, { workspaceId: 'w' });
    expect(!r.ok && r.error.code).toBe('TOOL_FAILED');
    const usage = await airlock.budgets!.usage({ workspaceId: 'w' });
    expect(usage.map((u) => [u.line.dimension, u.used])).toEqual([
      ['tokens', 3],
      ['calls', 1],
    ]);
    await airlock.close();
  });

  it('fails closed when the store cannot answer', async () => {
    const broken: StateStore = Object.assign(new MemoryStateStore(), {
      increment: async () => {
        throw new Error('connection refused');
      },
    });
    const errors: unknown[] = [];
    let ran = 0;
    const airlock = createAirlock({
      stateStore: broken,
      budgets: { workspace: { calls: 10 } },
      observers: [{ onError: (e) => void errors.push(e.error) }],
    });
    const t = airlock.tool({ name: 'search', description: 's', input, run: () => ++ran });
    const r = await t.call({ q: 'a' }, { workspaceId: 'w' });
    await airlock.close();
    expect(ran).toBe(0);
    expect(!r.ok && r.error).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      retryable: true,
      details: { reason: 'budget_store_unavailable' },
    });
    expect((errors[0] as Error).message).toBe('connection refused');
  });

  it('rejects bad budget options at start-up', () => {
    expect(() => createAirlock({ budgets: { workspace: { calls: -1 } } })).toThrow(
      /budgets\.workspace/,
    );
    expect(() => createAirlock({ budgets: { warnAt: 1.5 } })).toThrow(/budgets\.warnAt/);
    expect(() => createAirlock({ budgets: { conversationTtl: 'soon' } })).toThrow(
      /budgets\.conversationTtl/,
    );
    expect(() => createAirlock({ pricing: { tools: { x: { perCall: -2 } } } })).toThrow(
      /pricing\.tools\.x\.perCall/,
    );
  });
});
