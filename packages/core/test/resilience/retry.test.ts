import { describe, expect, it } from 'vitest';
import {
  createAirlock,
  fullJitterDelay,
  ManualClock,
  normalizeRetryOptions,
  RetryableToolError,
  RetryBudget,
  type RetryInfo,
  TimeoutError,
  ToolError,
  z,
} from '../../src/index.js';

/** A deterministic stand-in for Math.random: cycles through the given values. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('fullJitterDelay', () => {
  it('stays in [0, min(maxDelay, base * 2^(attempt-1))] for any random value', () => {
    const randoms = [0, 1e-9, 0.25, 0.5, 0.999999, 1, -5, 7, Number.NaN];
    for (let attempt = 1; attempt <= 30; attempt++) {
      for (const r of randoms) {
        const d = fullJitterDelay(attempt, 100, 2_000, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(2_000, 100 * 2 ** (attempt - 1)));
      }
    }
    // Full jitter, not "equal" jitter: the whole range is used.
    expect(fullJitterDelay(4, 100, 10_000, () => 0)).toBe(0);
    expect(fullJitterDelay(4, 100, 10_000, () => 0.999)).toBe(799);
  });
});

describe('RetryBudget', () => {
  it('stops retries once failures have used half the tokens, and successes earn them back', () => {
    const budget = new RetryBudget(4, 0.5);
    expect(budget.canRetry()).toBe(true);
    budget.onFailure();
    expect(budget.canRetry()).toBe(true); // 3 > 2
    budget.onFailure();
    expect(budget.canRetry()).toBe(false); // 2 > 2 is false
    budget.onSuccess();
    expect(budget.canRetry()).toBe(true);
  });
});

describe('retries in the pipeline', () => {
  function flakyTool(
    options: {
      failures: number;
      error?: () => unknown;
      idempotent?: boolean;
      retry?: Record<string, unknown> | false;
    },
    airlockRetry?: Record<string, unknown>,
  ) {
    const delays: RetryInfo[] = [];
    const airlock = createAirlock(airlockRetry ? { retry: airlockRetry } : {});
    let runs = 0;
    const tool = airlock.tool({
      name: 'fetch_rates',
      description: 'Reads exchange rates',
      input: z.object({}),
      idempotent: options.idempotent ?? true,
      ...(options.retry !== undefined
        ? {
            retry:
              options.retry === false
                ? false
                : {
                    baseDelay: 1,
                    maxDelay: 8,
                    onRetry: (i: RetryInfo) => void delays.push(i),
                    ...options.retry,
                  },
          }
        : {}),
      run: async () => {
        runs++;
        if (runs <= options.failures)
          throw options.error ? options.error() : new Error('ECONNRESET');
        return { usd: 1 };
      },
    });
    return {
      tool,
      delays,
      get runs() {
        return runs;
      },
    };
  }

  it('retries an idempotent tool until it succeeds, with delays bounded by maxDelay', async () => {
    const t = flakyTool({
      failures: 5,
      retry: { maxRetries: 5, budget: false, random: sequence(0.999, 0.5, 0.999, 0.1, 0.999) },
    });
    const r = await t.tool.call({});
    expect(r.ok).toBe(true);
    expect(t.runs).toBe(6);
    expect(t.delays.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5]);
    for (const d of t.delays) {
      expect(d.delayMs).toBeGreaterThanOrEqual(0);
      expect(d.delayMs).toBeLessThanOrEqual(8);
      expect(d.delayMs).toBeLessThanOrEqual(2 ** (d.attempt - 1));
    }
    // attempt 4 with random 0.1: min(8, 1 * 2^3) * 0.1 -> 0; attempt 5 with 0.999: min(8, 16) -> 7
    expect(t.delays[3]!.delayMs).toBe(0);
    expect(t.delays[4]!.delayMs).toBe(7);
  });

  it('gives up after maxRetries and reports the last failure', async () => {
    const t = flakyTool({ failures: 10, retry: { maxRetries: 2 } });
    const r = await t.tool.call({});
    expect(t.runs).toBe(3);
    expect(r.ok === false && r.error).toMatchObject({ code: 'TOOL_FAILED', retryable: true });
  });

  it('never retries a tool that is not idempotent, even with an airlock-wide retry policy', async () => {
    const t = flakyTool({ failures: 1, idempotent: false }, { maxRetries: 3, baseDelay: 1 });
    const r = await t.tool.call({});
    expect(t.runs).toBe(1);
    expect(r.ok).toBe(false);
    const idem = flakyTool(
      { failures: 1, idempotent: true },
      { maxRetries: 3, baseDelay: 1, maxDelay: 2 },
    );
    expect((await idem.tool.call({})).ok).toBe(true);
    expect(idem.runs).toBe(2);
  });

  it('refuses a retry policy on a tool not declared idempotent, at definition time', () => {
    expect(() => flakyTool({ failures: 0, idempotent: false, retry: {} })).toThrow(
      /tool 'fetch_rates'.retry: retry needs idempotent: true/,
    );
  });

  it('does not retry a deliberate ToolError, and retries RetryableToolError', async () => {
    const answer = flakyTool({
      failures: 1,
      error: () => new ToolError('Unknown currency.'),
      retry: {},
    });
    expect((await answer.tool.call({})).ok).toBe(false);
    expect(answer.runs).toBe(1);
    const transient = flakyTool({
      failures: 1,
      error: () => new RetryableToolError('429 from upstream'),
      retry: {},
    });
    expect((await transient.tool.call({})).ok).toBe(true);
    expect(transient.runs).toBe(2);
  });

  it('retries only the listed error classes, or what the predicate accepts', async () => {
    class RateLimited extends Error {}
    const listed = flakyTool({
      failures: 1,
      error: () => new RateLimited(),
      retry: { retryOn: [RateLimited] },
    });
    expect((await listed.tool.call({})).ok).toBe(true);
    const unlisted = flakyTool({
      failures: 1,
      error: () => new TypeError('bug'),
      retry: { retryOn: [RateLimited] },
    });
    expect((await unlisted.tool.call({})).ok).toBe(false);
    expect(unlisted.runs).toBe(1);
    const predicate = flakyTool({
      failures: 2,
      retry: { retryOn: (_e: unknown, attempt: number) => attempt < 2 },
    });
    expect((await predicate.tool.call({})).ok).toBe(false);
    expect(predicate.runs).toBe(2);
  });

  it("honours an error's retryAfterMs, and does not wait past maxDelay for it", async () => {
    const short = flakyTool({
      failures: 1,
      error: () => new RetryableToolError('slow down', 6),
      retry: { random: () => 0 },
    });
    expect((await short.tool.call({})).ok).toBe(true);
    expect(short.delays[0]!.delayMs).toBe(6);
    const long = flakyTool({
      failures: 1,
      error: () => new RetryableToolError('come back in a minute', 60_000),
      retry: {},
    });
    const r = await long.tool.call({});
    expect(long.runs).toBe(1);
    expect(r.ok === false && r.error).toMatchObject({
      code: 'TOOL_FAILED',
      retryAfterMs: 60_000,
      retryable: true,
    });
  });

  it('a timed-out attempt counts as a failure: it is retried, and it trips the breaker', async () => {
    const airlock = createAirlock({ clock: new ManualClock(0) });
    let runs = 0;
    const tool = airlock.tool({
      name: 'slow',
      description: 'Sometimes hangs',
      input: z.object({}),
      idempotent: true,
      timeoutMs: 20,
      retry: { maxRetries: 1, baseDelay: 1, maxDelay: 1 },
      breaker: { failureThreshold: 2 },
      run: (_a, ctx) => {
        runs++;
        return new Promise((resolve) => {
          const t = setTimeout(() => resolve('late'), 10_000);
          ctx.signal.addEventListener('abort', () => clearTimeout(t));
        });
      },
    });
    const first = await tool.call({});
    expect(runs).toBe(2);
    expect(first.ok === false && first.error).toMatchObject({
      code: 'TOOL_FAILED',
      details: { reason: 'timeout' },
    });
    const second = await tool.call({});
    expect(runs).toBe(2);
    expect(second.ok === false && second.error.code).toBe('CIRCUIT_OPEN');
  });

  it('stops retrying when the breaker opens between attempts', async () => {
    const airlock = createAirlock();
    let runs = 0;
    const tool = airlock.tool({
      name: 'down',
      description: 'Always fails',
      input: z.object({}),
      idempotent: true,
      retry: { maxRetries: 5, baseDelay: 1, maxDelay: 1 },
      breaker: { failureThreshold: 2 },
      run: () => {
        runs++;
        throw new Error('down');
      },
    });
    const r = await tool.call({});
    expect(runs).toBe(2);
    expect(r.ok === false && r.error.code).toBe('CIRCUIT_OPEN');
  });

  it('the retry budget stops retry storms', async () => {
    const airlock = createAirlock();
    let runs = 0;
    const tool = airlock.tool({
      name: 'storm',
      description: 'Always fails',
      input: z.object({}),
      idempotent: true,
      retry: {
        maxRetries: 3,
        baseDelay: 1,
        maxDelay: 1,
        budget: { maxTokens: 4, tokenRatio: 0.1 },
      },
      run: () => {
        runs++;
        throw new Error('down');
      },
    });
    await tool.call({}); // 4 tokens: fail(3) retry, fail(2) stop -> 2 runs
    expect(runs).toBe(2);
    await tool.call({}); // 2 tokens left: fail(1), no retry
    expect(runs).toBe(3);
  });

  it('TimeoutError can be listed as a retryable class', () => {
    expect(
      normalizeRetryOptions({ retryOn: [TimeoutError] }, 'r').retryOn(new TimeoutError(5), 1),
    ).toBe(true);
    expect(() => normalizeRetryOptions({ maxRetries: -1 }, 'r')).toThrow(
      /maxRetries must be an integer from 0 to 100/,
    );
    expect(() => normalizeRetryOptions({ baseDelay: 100, maxDelay: 10 }, 'r')).toThrow(
      /maxDelay must be >= baseDelay/,
    );
  });
});
