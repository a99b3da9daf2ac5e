import { describe, expect, it } from 'vitest';
import {
  AirlockConfigError,
  BUSINESS_HOURS_POLICY,
  createAirlock,
  ManualClock,
  PERMISSIVE_POLICY,
  parseRate,
  READ_ONLY_POLICY,
  type SecurityPolicy,
  STRICT_POLICY,
  z,
} from '../src/index.js';

describe('policy parsing', () => {
  it('parses rates in every accepted form', () => {
    expect(parseRate('1000/hour')).toMatchObject({ limit: 1000, periodMs: 3_600_000 });
    expect(parseRate('10/MINUTE')).toMatchObject({ limit: 10, periodMs: 60_000 });
    expect(parseRate('100/15m')).toMatchObject({ limit: 100, periodMs: 900_000 });
    expect(parseRate('5/second')).toMatchObject({ limit: 5, periodMs: 1000 });
    expect(parseRate('3/days')).toMatchObject({ limit: 3, periodMs: 86_400_000 });
  });

  it.each(['100/week', '0/hour', '-10/hour', '10.5/hour', '/hour', '100', '', '5/0m'])(
    'rejects the rate %j',
    (bad) => {
      expect(() => parseRate(bad)).toThrow(/invalid rate/);
    },
  );

  it('a bad policy fails at start-up naming the field', () => {
    const cases: [SecurityPolicy, RegExp][] = [
      [{ rateLimits: { '*': '100/week' } }, /policy: rateLimits\.\*: invalid rate "100\/week"/],
      [{ timeWindows: { '*': '9-5' } }, /time window "9-5"/],
      [
        { timeWindows: { '*': { window: '09:00-17:00', timeZone: 'Mars/Olympus' } } },
        /timeZone.*unknown time zone "Mars\/Olympus"/,
      ],
      [{ deniedTool: ['x'] } as unknown as SecurityPolicy, /unknown field\(s\) 'deniedTool'/],
      [{ conversation: { cooldowns: { x: 'soon' } } }, /conversation\.cooldowns\.x: .*duration/],
      [{ toolRoles: { x: 'admin' } } as unknown as SecurityPolicy, /toolRoles\.x/],
    ];
    for (const [policy, message] of cases) {
      expect(() => createAirlock({ policy })).toThrow(AirlockConfigError);
      expect(() => createAirlock({ policy })).toThrow(message);
    }
  });

  it('loads from JSON', async () => {
    const json =
      '{"deniedTools":["drop_*"],"rateLimits":{"*":"2/minute"},"toolRoles":{"refund":["billing"]}}';
    const airlock = createAirlock({ policy: JSON.parse(json) });
    const t = airlock.tool({
      name: 'drop_db',
      description: 'd',
      input: z.object({}),
      run: () => 1,
    });
    expect((await t.call({})).ok).toBe(false);
  });

  it('presets parse and mean what they say', async () => {
    for (const policy of [
      STRICT_POLICY,
      PERMISSIVE_POLICY,
      READ_ONLY_POLICY,
      BUSINESS_HOURS_POLICY,
    ]) {
      expect(() => createAirlock({ policy })).not.toThrow();
    }
    const ro = createAirlock({ policy: READ_ONLY_POLICY });
    const mk = (name: string) =>
      ro.tool({ name, description: 'd', input: z.object({}), run: () => 1 });
    expect((await mk('get_user').call({})).ok).toBe(true);
    expect((await mk('delete_user').call({})).ok).toBe(false);
    const strict = createAirlock({ policy: STRICT_POLICY });
    const t = strict.tool({
      name: 'get_user',
      description: 'd',
      input: z.object({}),
      run: () => 1,
    });
    expect((await t.call({})).ok).toBe(false);
    expect((await t.call({}, { agentId: 'a1' })).ok).toBe(true);
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z')); // a Saturday
    const bh = createAirlock({ policy: BUSINESS_HOURS_POLICY, clock });
    const del = bh.tool({
      name: 'delete_user',
      description: 'd',
      input: z.object({}),
      run: () => 1,
    });
    const r = await del.call({});
    expect(r.ok ? null : r.error.code).toBe('OUTSIDE_TIME_WINDOW');
  });
});

describe('policy resolver', () => {
  it('picks a policy per workspace and caches it with a TTL', async () => {
    const clock = new ManualClock(0);
    const calls: string[] = [];
    const airlock = createAirlock({
      clock,
      policyCache: { ttlMs: 1000 },
      policy: async (ctx) => {
        calls.push(ctx.workspaceId ?? '');
        return ctx.workspaceId === 'locked' ? { deniedTools: ['*'] } : {};
      },
    });
    const t = airlock.tool({
      name: 'get_user',
      description: 'd',
      input: z.object({}),
      run: () => 1,
    });
    expect((await t.call({}, { workspaceId: 'open' })).ok).toBe(true);
    expect((await t.call({}, { workspaceId: 'locked' })).ok).toBe(false);
    await Promise.all([t.call({}, { workspaceId: 'open' }), t.call({}, { workspaceId: 'open' })]);
    expect(calls).toEqual(['open', 'locked']);
    clock.advance(1001);
    await t.call({}, { workspaceId: 'open' });
    expect(calls).toEqual(['open', 'locked', 'open']);
    airlock.invalidatePolicy('open');
    await t.call({}, { workspaceId: 'open' });
    expect(calls).toHaveLength(4);
  });

  it('a resolver that throws, or returns an invalid policy, blocks the call with a clear error', async () => {
    const records: { internalError?: string }[] = [];
    for (const policy of [
      () => {
        throw new Error('db down');
      },
      async () => ({ rateLimits: { '*': 'lots' } }),
    ]) {
      const airlock = createAirlock({
        policy,
        audit: { sink: { write: (r) => void records.push(r) } },
      });
      const t = airlock.tool({ name: 'x', description: 'd', input: z.object({}), run: () => 1 });
      const r = await t.call({});
      expect(r.ok ? null : r.error).toMatchObject({
        code: 'TOOL_DENIED',
        retryable: true,
        details: { reason: 'policy_unavailable' },
      });
      await airlock.close();
    }
    expect(records.map((r) => r.internalError)).toEqual([
      'Error: db down',
      expect.stringContaining('invalid rate "lots"'),
    ]);
  });
});
