import { describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  type CallErrorEvent,
  createAirlock,
  RetryableToolError,
  ToolError,
  z,
} from '../src/index.js';

describe('execution', () => {
  it('runs sync and async tools and hands them the context, call id and a signal', async () => {
    const airlock = createAirlock();
    const seen: unknown[] = [];
    const sync = airlock.tool({
      name: 's',
      description: 'd',
      input: z.object({ a: z.number() }),
      run: ({ a }) => a * 2,
    });
    const async = airlock.tool({
      name: 'a',
      description: 'd',
      input: z.object({}),
      run: async (_args, ctx) => {
        seen.push({
          agent: ctx.agentId,
          callId: ctx.callId,
          tool: ctx.tool,
          aborted: ctx.signal.aborted,
        });
        return 'done';
      },
    });
    expect(await sync.call({ a: 21 })).toMatchObject({ ok: true, output: 42 });
    const r = await async.call({}, { agentId: 'a1' });
    expect(r).toMatchObject({ ok: true, output: 'done' });
    expect(seen).toEqual([{ agent: 'a1', callId: r.callId, tool: 'a', aborted: false }]);
  });

  it('a tool that throws gives TOOL_FAILED with a safe message; the real error goes to audit and onError', async () => {
    const records: AuditRecord[] = [];
    const errors: CallErrorEvent[] = [];
    const airlock = createAirlock({
      audit: { sink: { write: (r) => void records.push(r) } },
      observers: [{ onError: (e) => void errors.push(e) }],
    });
    const t = airlock.tool({
      name: 'db_query',
      description: 'd',
      input: z.object({}),
      run: () => {
        throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db:5432');
      },
    });
    const r = await t.call({});
    expect(r.ok ? null : r.error).toMatchObject({ code: 'TOOL_FAILED', retryable: false });
    const text = JSON.stringify(r);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    await airlock.close();
    expect(records[0]).toMatchObject({ outcome: 'failed', code: 'TOOL_FAILED' });
    expect(records[0]!.internalError).toContain('ECONNREFUSED');
    expect((errors[0]!.error as Error).message).toContain('ECONNREFUSED');
  });

  it('a ToolError speaks to the model; a RetryableToolError says when to retry', async () => {
    const airlock = createAirlock();
    const t = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({ kind: z.enum(['plain', 'retry']) }),
      run: ({ kind }) => {
        if (kind === 'plain')
          throw new ToolError('Order 17 is already refunded.', {
            hints: ['Look up the refund instead.'],
          });
        throw new RetryableToolError('The payments API is busy.', 2500);
      },
    });
    expect(await t.call({ kind: 'plain' })).toMatchObject({
      ok: false,
      error: {
        code: 'TOOL_FAILED',
        message: 'Order 17 is already refunded.',
        fixHints: ['Look up the refund instead.'],
        retryable: false,
      },
    });
    expect(await t.call({ kind: 'retry' })).toMatchObject({
      ok: false,
      error: {
        code: 'TOOL_FAILED',
        message: 'The payments API is busy.',
        retryable: true,
        retryAfterMs: 2500,
      },
    });
  });

  it('times out a slow tool, aborts its signal, and does not wait for it', async () => {
    const airlock = createAirlock();
    let aborted = false;
    const t = airlock.tool({
      name: 'slow',
      description: 'd',
      input: z.object({}),
      timeoutMs: 50,
      run: (_a, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
          });
          setTimeout(resolve, 5_000).unref();
        }),
    });
    const started = Date.now();
    const r = await t.call({});
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(r.ok ? null : r.error).toMatchObject({
      code: 'TOOL_FAILED',
      details: { reason: 'timeout', timeoutMs: 50 },
    });
    expect(aborted).toBe(true);
  });

  it('close() drains in-flight calls, then refuses new ones without throwing', async () => {
    const airlock = createAirlock();
    let release!: () => void;
    const t = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({}),
      run: () => new Promise<string>((r) => (release = () => r('late'))),
    });
    const inflight = t.call({});
    await new Promise((r) => setImmediate(r));
    const closing = airlock.close();
    const during = await t.call({});
    expect(during.ok ? null : during.error.details).toEqual({ reason: 'shutting_down' });
    release();
    expect(await inflight).toMatchObject({ ok: true, output: 'late' });
    await closing;
    expect((await airlock.health()).closing).toBe(true);
  });
});
