import { describe, expect, it } from 'vitest';
import { type AirlockObserver, createAirlock, z } from '../src/index.js';

/** Observers are delivered from setImmediate, after the caller resumed. */
const delivered = () => new Promise((r) => setImmediate(r));

describe('AirlockTool.check', () => {
  const setup = () => {
    const ends: { blocked: boolean; code?: string }[] = [];
    const observer: AirlockObserver = {
      name: 'spy',
      onCallEnd: (e) => void ends.push({ blocked: e.blocked, code: e.code }),
    };
    let runs = 0;
    const airlock = createAirlock({
      observers: [observer],
      policy: { toolRoles: { get_invoice: ['billing'] }, rateLimits: { get_invoice: '1/minute' } },
    });
    const tool = airlock.tool({
      name: 'get_invoice',
      description: 'Fetch an invoice',
      input: z.object({ id: z.string() }),
      run: ({ id }) => {
        runs++;
        return { id };
      },
    });
    return { tool, ends, runs: () => runs };
  };

  it('returns the validated arguments without running the tool or consuming a limit', async () => {
    const { tool, ends, runs } = setup();
    const checked = await tool.check('{"id":"42"}', { roles: ['billing'] });
    expect(checked).toMatchObject({ ok: true, args: { id: '42' } });
    expect(runs()).toBe(0);
    await delivered();
    expect(ends).toEqual([]);
    // The 1/minute limit is still whole: the real call goes through once.
    expect((await tool.call({ id: '42' }, { roles: ['billing'] })).ok).toBe(true);
    expect(runs()).toBe(1);
  });

  it('names ghost arguments and records the block like a call', async () => {
    const { tool, ends } = setup();
    const checked = await tool.check({ id: '42', ghost: 1 }, { roles: ['billing'] });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.code).toBe('GHOST_ARGUMENTS');
    expect(checked.error.message).toContain("'ghost'");
    await delivered();
    expect(ends).toEqual([{ blocked: true, code: 'GHOST_ARGUMENTS' }]);
  });

  it('applies roles', async () => {
    const { tool } = setup();
    const checked = await tool.check({ id: '42' }, { roles: ['support'] });
    expect(checked.ok ? 'ok' : checked.error.code).toBe('ROLE_DENIED');
  });
});

describe('AirlockTool.check and external tools', () => {
  it('refuses a secret bound for an external tool before anything runs', async () => {
    const airlock = createAirlock();
    let ran = false;
    const webhook = airlock.tool({
      name: 'post_webhook',
      description: 'Posts to a third-party webhook',
      input: z.object({ text: z.string() }),
      external: true,
      run: () => {
        ran = true;
        return 'sent';
      },
    });
    const checked = await webhook.check({ text: 'key AKIAIOSFODNN7EXAMPLE' });
    expect(checked.ok ? null : checked.error.code).toBe('OUTPUT_BLOCKED');
    expect((await webhook.check({ text: 'hello' })).ok).toBe(true);
    expect(ran).toBe(false);
  });
});
