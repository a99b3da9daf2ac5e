import { describe, expect, it } from 'vitest';
import {
  type AirlockEvent,
  type CallEndEvent,
  type CallStartEvent,
  createAirlock,
  z,
} from '../src/index.js';
import { testEmail } from './fixtures/test-recognizers.js';

describe('observers', () => {
  it('see the start and end of every call, blocked or not, and its events', async () => {
    const starts: CallStartEvent[] = [];
    const ends: CallEndEvent[] = [];
    const events: AirlockEvent[] = [];
    const airlock = createAirlock({
      recognizers: [testEmail],
      policy: { rateLimits: { '*': '1/minute' } },
      output: { maxChars: 30 },
      observers: [
        {
          onCallStart: (e) => void starts.push(e),
          onCallEnd: (e) => void ends.push(e),
          onEvent: (e) => void events.push(e),
        },
      ],
    });
    const t = airlock.tool({
      name: 'profile',
      description: 'd',
      input: z.object({}),
      run: () => 'email ann@example.com and a long tail of text that gets cut',
    });
    const ok = await t.call({}, { agentId: 'a1' });
    await t.call({}, { agentId: 'a1' });
    await airlock.close();
    expect(starts.map((s) => s.callId)[0]).toBe(ok.callId);
    expect(ends.map((e) => [e.blocked, e.code])).toEqual([
      [false, undefined],
      [true, 'RATE_LIMITED'],
    ]);
    expect(ends[0]).toMatchObject({
      sanitizedCount: 1,
      findingsByType: { email: 1 },
      truncated: true,
      context: { agentId: 'a1' },
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      'output_truncated',
      'pii_detected',
      'rate_limited',
    ]);
  });

  it('a throwing, rejecting or slow observer never breaks or delays a call', async () => {
    const failures: string[] = [];
    let slowFinished = false;
    const airlock = createAirlock({
      onObserverError: (_e, source) => void failures.push(source),
      observers: [
        {
          name: 'thrower',
          onCallEnd: () => {
            throw new Error('boom');
          },
        },
        {
          name: 'rejecter',
          onCallEnd: async () => {
            throw new Error('async boom');
          },
        },
        {
          name: 'slow',
          onCallEnd: () =>
            new Promise<void>((r) =>
              setTimeout(() => {
                slowFinished = true;
                r();
              }, 1500),
            ),
        },
      ],
    });
    const t = airlock.tool({ name: 't', description: 'd', input: z.object({}), run: () => 'fine' });
    const started = performance.now();
    expect(await t.call({})).toMatchObject({ ok: true, output: 'fine' });
    expect(performance.now() - started).toBeLessThan(1000); // the observer alone takes 1.5 s
    expect(slowFinished).toBe(false);
    // close() waits for in-flight observer work: nothing is lost on a clean shutdown.
    await airlock.close();
    expect(slowFinished).toBe(true);
    expect(failures.sort()).toEqual(['observer rejecter', 'observer thrower']);
  });

  it('flush() of every observer runs at close, and a failing flush is reported, not thrown', async () => {
    const flushed: string[] = [];
    const airlock = createAirlock({
      observers: [
        { name: 'a', flush: async () => void flushed.push('a') },
        {
          name: 'b',
          flush: async () => {
            throw new Error('x');
          },
        },
      ],
    });
    await expect(airlock.close()).resolves.toBeUndefined();
    expect(flushed).toEqual(['a']);
  });
});
