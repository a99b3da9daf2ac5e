import { describe, expect, it } from 'vitest';
import {
  type AirlockContext,
  createAirlock,
  ManualClock,
  type SecurityPolicy,
  z,
} from '../src/index.js';

function airlockWith(policy: SecurityPolicy, clock?: ManualClock) {
  const airlock = createAirlock({ policy, ...(clock ? { clock } : {}) });
  const make = (name: string) =>
    airlock.tool({
      name,
      description: `the ${name} tool`,
      input: z.object({}),
      run: () => `${name} ran`,
    });
  return { airlock, make };
}

const codeOf = async (p: Promise<{ ok: boolean; error?: { code: string } }>) => {
  const r = await p;
  return r.ok ? 'OK' : r.error!.code;
};

describe('tool allow and deny lists', () => {
  it('deny wins over allow, and globs match', async () => {
    const { make } = airlockWith({
      allowedTools: ['get_*', 'drop_table'],
      deniedTools: ['drop_*'],
    });
    expect(await codeOf(make('get_user').call({}))).toBe('OK');
    expect(await codeOf(make('drop_table').call({}))).toBe('TOOL_DENIED');
    expect(await codeOf(make('send_email').call({}))).toBe('TOOL_DENIED');
  });

  it('an empty allow list allows nothing; an absent one allows everything', async () => {
    expect(await codeOf(airlockWith({ allowedTools: [] }).make('get_user').call({}))).toBe(
      'TOOL_DENIED',
    );
    expect(await codeOf(airlockWith({}).make('get_user').call({}))).toBe('OK');
  });

  it('tells the model not to retry a denied tool', async () => {
    const r = await airlockWith({ deniedTools: ['delete_*'] })
      .make('delete_user')
      .call({});
    expect(r.ok ? null : r.error).toMatchObject({
      retryable: false,
      message: "The tool 'delete_user' is not allowed: it matches the denied pattern 'delete_*'.",
    });
  });
});

describe('roles', () => {
  const policy: SecurityPolicy = {
    toolRoles: {
      'refund_*': ['billing', 'admin'],
      refund_large: ['admin'],
      '*': ['support', 'billing', 'admin'],
    },
  };
  const call = (tool: string, ctx: AirlockContext) =>
    codeOf(airlockWith(policy).make(tool).call({}, ctx));

  it('are enforced per tool, with the most specific glob deciding', async () => {
    expect(await call('refund_small', { roles: ['billing'] })).toBe('OK');
    expect(await call('refund_small', { roles: ['support'] })).toBe('ROLE_DENIED');
    expect(await call('refund_large', { roles: ['billing'] })).toBe('ROLE_DENIED');
    expect(await call('refund_large', { roles: ['admin'] })).toBe('OK');
    expect(await call('get_user', { roles: ['support'] })).toBe('OK');
    expect(await call('get_user', {})).toBe('ROLE_DENIED');
  });

  it('global allowedRoles apply to every tool on top of per-tool roles', async () => {
    const { make } = airlockWith({ allowedRoles: ['staff'], toolRoles: { refund: ['billing'] } });
    const refund = make('refund');
    expect(await codeOf(refund.call({}, { roles: ['billing'] }))).toBe('ROLE_DENIED');
    expect(await codeOf(refund.call({}, { roles: ['staff'] }))).toBe('ROLE_DENIED');
    expect(await codeOf(refund.call({}, { roles: ['billing', 'staff'] }))).toBe('OK');
  });

  it('come from runWithContext when the call gives none, and the call wins field by field', async () => {
    const { airlock, make } = airlockWith({ toolRoles: { '*': ['admin'] } });
    const t = make('get_user');
    await airlock.runWithContext({ roles: ['admin'], agentId: 'outer' }, async () => {
      expect(await codeOf(t.call({}))).toBe('OK');
      expect(await codeOf(t.call({}, { roles: ['guest'] }))).toBe('ROLE_DENIED');
      expect(await codeOf(t.call({}, { agentId: 'inner' }))).toBe('OK');
    });
    expect(await codeOf(t.call({}))).toBe('ROLE_DENIED');
  });

  it('requireAgentId blocks calls without an agent', async () => {
    const { make } = airlockWith({ requireAgentId: true });
    expect(await codeOf(make('x').call({}))).toBe('ROLE_DENIED');
    expect(await codeOf(make('y').call({}, { agentId: 'a1' }))).toBe('OK');
  });

  it('a malformed context is reported, not thrown', async () => {
    const r = await airlockWith({})
      .make('x')
      .call({}, { roles: 'admin' } as unknown as AirlockContext);
    expect(r.ok ? null : r.error.message).toMatch(/context\.roles/);
  });
});

describe('time windows', () => {
  // 2026-11-26 is a Thursday. IST is UTC+05:30.
  const ist = (hhmm: string, date = '2026-11-26') => Date.parse(`${date}T${hhmm}:00+05:30`);

  it('an overnight window 22:00-06:00 in Asia/Kolkata is open at 23:30 IST and closed at 07:00 IST', async () => {
    const clock = new ManualClock();
    const { make } = airlockWith(
      { timeWindows: { 'batch_*': { window: '22:00-06:00', timeZone: 'Asia/Kolkata' } } },
      clock,
    );
    const t = make('batch_export');
    clock.set(ist('23:30'));
    expect(await codeOf(t.call({}))).toBe('OK');
    clock.set(ist('05:59'));
    expect(await codeOf(t.call({}))).toBe('OK');
    clock.set(ist('07:00'));
    const r = await t.call({});
    expect(r.ok ? null : r.error).toMatchObject({
      code: 'OUTSIDE_TIME_WINDOW',
      message:
        "The tool 'batch_export' may only run 22:00-06:00 Asia/Kolkata; it is now 07:00 Asia/Kolkata.",
    });
  });

  it('weekdays: an overnight window belongs to the day it starts', async () => {
    const clock = new ManualClock();
    const { make } = airlockWith(
      { timeZone: 'Asia/Kolkata', timeWindows: { job: { window: '22:00-06:00', days: ['fri'] } } },
      clock,
    );
    const t = make('job');
    clock.set(ist('23:00', '2026-11-27')); // Friday night
    expect(await codeOf(t.call({}))).toBe('OK');
    clock.set(ist('02:00', '2026-11-28')); // Saturday early morning: still Friday's window
    expect(await codeOf(t.call({}))).toBe('OK');
    clock.set(ist('23:00', '2026-11-28')); // Saturday night
    expect(await codeOf(t.call({}))).toBe('OUTSIDE_TIME_WINDOW');
  });

  it('a day window is start-inclusive and end-exclusive', async () => {
    const clock = new ManualClock();
    const { make } = airlockWith({ timeWindows: { '*': '09:00-17:00' } }, clock);
    const t = make('x');
    clock.set(Date.parse('2026-11-26T09:00:00Z'));
    expect(await codeOf(t.call({}))).toBe('OK');
    clock.set(Date.parse('2026-11-26T17:00:00Z'));
    expect(await codeOf(t.call({}))).toBe('OUTSIDE_TIME_WINDOW');
  });
});
