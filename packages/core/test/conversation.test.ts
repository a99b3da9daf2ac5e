import { describe, expect, it } from 'vitest';
import {
  createAirlock,
  ManualClock,
  MemoryStateStore,
  type SecurityPolicy,
  z,
} from '../src/index.js';

function setup(policy: SecurityPolicy, clock = new ManualClock(1_000_000)) {
  const airlock = createAirlock({ policy, clock, stateStore: new MemoryStateStore(clock) });
  const make = (name: string, run: () => unknown = () => 'ok') =>
    airlock.tool({ name, description: 'd', input: z.object({}), run });
  return { make, clock };
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'OK' : r.error!.code);
const conv = { conversationId: 'c1', workspaceId: 'w' };

describe('conversation constraints', () => {
  it('caps total calls per conversation with BUDGET_EXCEEDED, per conversation', async () => {
    const { make } = setup({ conversation: { maxCalls: 2 } });
    const t = make('t');
    expect([
      code(await t.call({}, conv)),
      code(await t.call({}, conv)),
      code(await t.call({}, conv)),
    ]).toEqual(['OK', 'OK', 'BUDGET_EXCEEDED']);
    expect(code(await t.call({}, { conversationId: 'c2', workspaceId: 'w' }))).toBe('OK');
  });

  it('caps calls per tool glob and exactly under concurrency', async () => {
    const { make } = setup({ conversation: { maxCallsPerTool: { 'refund_*': 3 } } });
    const t = make('refund_order');
    const results = await Promise.all(Array.from({ length: 50 }, () => t.call({}, conv)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(code(await make('other').call({}, conv))).toBe('OK');
  });

  it('cooldowns answer RATE_LIMITED with the time left', async () => {
    const { make, clock } = setup({ conversation: { cooldowns: { send_email: '30s' } } });
    const t = make('send_email');
    expect(code(await t.call({}, conv))).toBe('OK');
    clock.advance(10_000);
    const r = await t.call({}, conv);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 20_000 });
    clock.advance(20_001);
    expect(code(await t.call({}, conv))).toBe('OK');
  });

  it('requiredBefore: a tool runs only after its prerequisites succeeded', async () => {
    let fail = true;
    const { make } = setup({
      conversation: { requiredBefore: { issue_refund: ['verify_identity'] } },
    });
    const refund = make('issue_refund');
    const verify = make('verify_identity', () => {
      if (fail) throw new Error('no');
      return 'verified';
    });
    const denied = await refund.call({}, conv);
    expect(denied.ok ? null : denied.error).toMatchObject({
      code: 'TOOL_DENIED',
      retryable: true,
      details: { missing: ['verify_identity'] },
    });
    expect(code(await verify.call({}, conv))).toBe('TOOL_FAILED');
    expect(code(await refund.call({}, conv))).toBe('TOOL_DENIED');
    fail = false;
    expect(code(await verify.call({}, conv))).toBe('OK');
    expect(code(await refund.call({}, conv))).toBe('OK');
  });

  it('a call denied by a rate limit gives back its conversation reservation', async () => {
    const { make } = setup({ rateLimits: { t: '1/hour' }, conversation: { maxCalls: 2 } });
    const t = make('t');
    const u = make('u');
    expect(code(await t.call({}, conv))).toBe('OK');
    for (let i = 0; i < 5; i++) expect(code(await t.call({}, conv))).toBe('RATE_LIMITED');
    expect(code(await u.call({}, conv))).toBe('OK');
    expect(code(await u.call({}, conv))).toBe('BUDGET_EXCEEDED');
  });

  it('the TTL slides with activity and an idle conversation is forgotten', async () => {
    const { make, clock } = setup({ conversation: { maxCalls: 2, ttl: '10m' } });
    const t = make('t');
    expect(code(await t.call({}, conv))).toBe('OK');
    clock.advance(9 * 60_000);
    expect(code(await t.call({}, conv))).toBe('OK');
    clock.advance(9 * 60_000); // 18 minutes after the first call, 9 after the last: still live
    expect(code(await t.call({}, conv))).toBe('BUDGET_EXCEEDED');
    clock.advance(11 * 60_000);
    expect(code(await t.call({}, conv))).toBe('OK');
  });

  it('calls without a conversationId are not tracked', async () => {
    const { make } = setup({ conversation: { maxCalls: 1 } });
    const t = make('t');
    expect([code(await t.call({})), code(await t.call({}))]).toEqual(['OK', 'OK']);
  });
});
