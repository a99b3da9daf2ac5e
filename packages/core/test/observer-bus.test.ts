import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { type AirlockObserver, type CallEndEvent, createAirlock, z } from '../src/index.js';
import { testEmail } from './fixtures/test-recognizers.js';

const input = z.object({ q: z.string() });

describe('observers run off the call path', () => {
  it('delivers onCallEnd only after the caller has resumed with its result', async () => {
    let callerResumed = false;
    let seenResumed: boolean | undefined;
    const airlock = createAirlock({
      observers: [
        {
          onCallEnd: () => {
            seenResumed = callerResumed;
          },
        },
      ],
    });
    const t = airlock.tool({ name: 'echo', description: 'echo', input, run: ({ q }) => q });
    const r = await t.call({ q: 'x' });
    callerResumed = true;
    expect(r.ok).toBe(true);
    await airlock.close();
    expect(seenResumed).toBe(true);
  });

  it('a throwing or rejecting observer never breaks a call, and is reported', async () => {
    const reported: string[] = [];
    const airlock = createAirlock({
      onObserverError: (_e, source) => reported.push(source),
      observers: [
        {
          name: 'sync-thrower',
          onCallStart: () => {
            throw new Error('boom');
          },
          onCallEnd: () => {
            throw new Error('boom');
          },
        },
        {
          name: 'async-rejecter',
          onCallEnd: async () => {
            throw new Error('later');
          },
        },
        {
          name: 'bad-start',
          startCall: () => {
            throw new Error('no span');
          },
        },
      ],
    });
    const t = airlock.tool({
      name: 'echo',
      description: 'echo',
      input,
      run: ({ q }) => q.toUpperCase(),
    });
    const r = await t.call({ q: 'hi' });
    expect(r).toMatchObject({ ok: true, output: 'HI' });
    await airlock.close();
    expect(reported.sort()).toEqual([
      'observer async-rejecter',
      'observer bad-start',
      'observer sync-thrower',
      'observer sync-thrower',
    ]);
  });

  it('close() waits for async observers, and gives up on one that never settles', async () => {
    const delivered: string[] = [];
    const reported: string[] = [];
    const airlock = createAirlock({
      flushTimeoutMs: 200,
      onObserverError: (e) => reported.push((e as Error).message),
      observers: [
        {
          onCallEnd: async (e) => {
            await new Promise((r) => setTimeout(r, 20));
            delivered.push(e.tool);
          },
        },
        { name: 'stuck', onCallEnd: () => new Promise<void>(() => {}) },
      ],
    });
    const t = airlock.tool({ name: 'echo', description: 'echo', input, run: ({ q }) => q });
    for (let i = 0; i < 3; i++) await t.call({ q: String(i) });
    await airlock.close();
    expect(delivered).toEqual(['echo', 'echo', 'echo']);
    expect(reported).toEqual(['observers did not finish flushing in time']);
  });

  it('startCall runs synchronously in the caller async context; its scope gets events, error and end in order', async () => {
    const als = new AsyncLocalStorage<string>();
    const log: string[] = [];
    const observer: AirlockObserver = {
      startCall: (e) => {
        log.push(`start ${e.tool} in ${als.getStore()}`);
        return {
          onEvent: (ev) => log.push(`event ${ev.type}`),
          onError: (ev) => log.push(`error ${(ev.error as Error).message}`),
          end: (ev: CallEndEvent) => log.push(`end ${ev.code ?? 'ok'}`),
        };
      },
    };
    const airlock = createAirlock({
      observers: [observer],
      ghostArgs: 'permissive',
      recognizers: [testEmail],
    });
    const ok = airlock.tool({
      name: 'pii',
      description: 'pii',
      input,
      run: () => 'mail ann@example.com',
    });
    const bad = airlock.tool({
      name: 'bad',
      description: 'bad',
      input,
      run: () => {
        throw new Error('db down');
      },
    });
    await als.run('request-1', () => ok.call({ q: 'a', extra: 1 }));
    // Scope deliveries come after the caller resumed: let them through before the next call.
    await new Promise((r) => setImmediate(r));
    await als.run('request-2', () => bad.call({ q: 'a' }));
    await airlock.close();
    expect(log).toEqual([
      'start pii in request-1',
      'event ghost_args_stripped',
      'event pii_detected',
      'end ok',
      'start bad in request-2',
      'error db down',
      'end TOOL_FAILED',
    ]);
  });

  it('onCallEnd carries token counts of arguments and output, counted by the pluggable counter', async () => {
    const ends: CallEndEvent[] = [];
    const words = (text: string) => (text.match(/\S+/g) ?? []).length;
    const airlock = createAirlock({
      tokens: { count: words },
      observers: [{ onCallEnd: (e) => void ends.push(e) }],
    });
    const t = airlock.tool({
      name: 'echo',
      description: 'echo',
      input,
      run: () => 'one two three four',
    });
    await t.call('{"q": "a b"}');
    await t.call({ q: 1 });
    await airlock.close();
    expect(ends[0]).toMatchObject({ inputTokens: 3, outputTokens: 4, blocked: false });
    expect(ends[1]!.blocked).toBe(true);
    expect(ends[1]!.outputTokens).toBeUndefined();
  });
});
