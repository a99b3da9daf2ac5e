import { describe, expect, it } from 'vitest';
import {
  type AirlockError,
  type AirlockErrorCode,
  createAirlock,
  ERROR_CODES,
  ManualClock,
  type SandboxProvider,
  z,
} from '../src/index.js';

/**
 * Every error code a model can receive, each produced by a real call through the pipeline (no
 * error object built by hand), and each one JSON-serialisable as DESIGN.md promises.
 */
const produced = new Map<AirlockErrorCode, AirlockError>();

async function expectCode(
  code: AirlockErrorCode,
  result: Promise<{ ok: boolean; error?: AirlockError }>,
) {
  const r = await result;
  expect(r.ok, code).toBe(false);
  expect(r.error?.code).toBe(code);
  produced.set(code, r.error!);
}

/** A sandbox that fails the way a killed process does: the provider contract's `ok: false`. */
const failingSandbox: SandboxProvider = {
  name: 'failing',
  languages: ['javascript'],
  run: async () => ({
    ok: false,
    stdout: '',
    stderr: 'out of memory',
    exitCode: null,
    failure: 'memory',
    timings: { startMs: 0, runMs: 1, totalMs: 1 },
  }),
};

describe('every error code comes from a real call', () => {
  const clock = new ManualClock(Date.parse('2026-11-26T03:00:00Z'));
  const airlock = createAirlock({
    clock,
    sandbox: failingSandbox,
    policy: {
      deniedTools: ['drop_*'],
      toolRoles: { refund: ['billing'] },
      timeWindows: { night_job: '22:00-23:00' },
      rateLimits: { limited: '1/minute' },
      conversation: { maxCalls: 1 },
    },
  });
  const make = (name: string, extra: Record<string, unknown> = {}) =>
    airlock.tool({
      name,
      description: `the ${name} tool`,
      input: z.object({ id: z.number() }),
      run: () => 'done',
      ...extra,
    } as never);
  const lookup = make('lookup');

  it('GHOST_ARGUMENTS', () => expectCode('GHOST_ARGUMENTS', lookup.call({ id: 1, force: true })));
  it('VALIDATION_FAILED', () => expectCode('VALIDATION_FAILED', lookup.call({ id: '1' })));
  it('TOOL_DENIED', () => expectCode('TOOL_DENIED', make('drop_table').call({ id: 1 })));
  it('ROLE_DENIED', () =>
    expectCode('ROLE_DENIED', make('refund').call({ id: 1 }, { roles: ['support'] })));
  it('OUTSIDE_TIME_WINDOW', () =>
    expectCode('OUTSIDE_TIME_WINDOW', make('night_job').call({ id: 1 })));
  it('RATE_LIMITED', async () => {
    const limited = make('limited');
    expect((await limited.call({ id: 1 })).ok).toBe(true);
    await expectCode('RATE_LIMITED', limited.call({ id: 1 }));
    expect(produced.get('RATE_LIMITED')?.retryAfterMs).toBeGreaterThan(0);
  });
  it('BUDGET_EXCEEDED', async () => {
    const ctx = { conversationId: 'c-1' };
    expect((await lookup.call({ id: 1 }, ctx)).ok).toBe(true);
    await expectCode('BUDGET_EXCEEDED', lookup.call({ id: 2 }, ctx));
  });
  it('TOOL_FAILED', () =>
    expectCode(
      'TOOL_FAILED',
      make('flaky', {
        run: () => {
          throw new Error('db down');
        },
      }).call({ id: 1 }),
    ));
  it('CIRCUIT_OPEN', async () => {
    const broken = make('payments', {
      breaker: { failureThreshold: 2, recoveryTimeout: '30s' },
      run: () => {
        throw new Error('upstream 503');
      },
    });
    for (let i = 0; i < 2; i++) expect((await broken.call({ id: 1 })).ok).toBe(false);
    await expectCode('CIRCUIT_OPEN', broken.call({ id: 1 }));
    expect(produced.get('CIRCUIT_OPEN')?.retryAfterMs).toBeGreaterThan(0);
  });
  it('SANDBOX_FAILED', () =>
    expectCode(
      'SANDBOX_FAILED',
      airlock
        .tool({
          name: 'run_js',
          description: 'Runs JavaScript',
          input: z.object({ code: z.string() }),
          sandbox: {},
        })
        .call({ code: 'while(true){}' }),
    ));
  it('OUTPUT_BLOCKED', () => {
    const webhook = airlock.tool({
      name: 'post_webhook',
      description: 'Posts to a third-party webhook',
      input: z.object({ text: z.string() }),
      external: true,
      run: () => 'sent',
    });
    return expectCode(
      'OUTPUT_BLOCKED',
      webhook.call({ text: 'here is the key AKIAIOSFODNN7EXAMPLE' }),
    );
  });

  it('covers every code, each as plain JSON a model can read', () => {
    expect([...produced.keys()].sort()).toEqual([...ERROR_CODES].sort());
    for (const [code, error] of produced) {
      expect(JSON.parse(JSON.stringify(error)), code).toEqual(error);
      expect(error.message.length, code).toBeGreaterThan(10);
      expect(typeof error.retryable, code).toBe('boolean');
    }
  });
});
