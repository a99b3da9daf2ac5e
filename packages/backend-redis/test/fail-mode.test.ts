import type { RateLimitRequest } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { FailModeDecider } from '../src/fail-mode.js';

const req = (
  key: string,
  limit: number,
  failMode?: RateLimitRequest['failMode'],
): RateLimitRequest => ({
  key,
  limit,
  periodMs: 3_600_000,
  algorithm: 'gcra',
  ...(failMode ? { failMode } : {}),
});

describe('FailModeDecider (what answers while Redis cannot)', () => {
  it("uses each limit's own fail mode over the backend's", () => {
    const d = new FailModeDecider('open', 1, 1000);
    expect(d.decide([req('a', 5)], 1, 'down')).toMatchObject({
      allowed: true,
      degraded: { failMode: 'open', reason: 'down' },
    });
    expect(d.decide([req('a', 5, 'closed')], 1, 'down')).toMatchObject({
      allowed: false,
      retryAfterMs: 1000,
      degraded: { failMode: 'closed' },
    });
  });

  it('insurance gives each process ⌈limit / workers⌉', () => {
    const d = new FailModeDecider('insurance', 3, 1000);
    const answers = Array.from({ length: 5 }, () => d.decide([req('k', 10)], 1, 'down').allowed);
    expect(answers).toEqual([true, true, true, true, false]); // ⌈10 / 3⌉ = 4
  });

  it('the strictest limit of a call wins, and a closed denial consumes no insurance', () => {
    const d = new FailModeDecider('insurance', 1, 500);
    const denied = d.decide(
      [req('ins', 1), req('cls', 5, 'closed'), req('opn', 5, 'open')],
      1,
      'down',
    );
    expect(denied).toMatchObject({
      allowed: false,
      retryAfterMs: 500,
      degraded: { failMode: 'closed' },
    });
    expect(denied.results.map((r) => [r.key, r.allowed])).toEqual([
      ['ins', true],
      ['cls', false],
      ['opn', true],
    ]);
    // `ins` (limit 1) was not consumed by the denied call.
    expect(d.decide([req('ins', 1), req('opn', 5, 'open')], 1, 'down')).toMatchObject({
      allowed: true,
      degraded: { failMode: 'insurance' },
    });
    expect(d.decide([req('ins', 1)], 1, 'down').allowed).toBe(false);
  });

  it('reset() forgets what insurance counted', () => {
    const d = new FailModeDecider('insurance', 1, 1000);
    expect(d.decide([req('r', 1)], 1, 'down').allowed).toBe(true);
    expect(d.decide([req('r', 1)], 1, 'down').allowed).toBe(false);
    d.reset();
    expect(d.decide([req('r', 1)], 1, 'down').allowed).toBe(true);
  });
});
