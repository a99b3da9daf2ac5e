import { describe, expect, it } from 'vitest';
import {
  type BreakerTransition,
  ManualClock,
  MemoryCircuitBreaker,
  normalizeBreakerOptions,
} from '../../src/index.js';

function breaker(
  options: Parameters<typeof normalizeBreakerOptions>[0],
  clock = new ManualClock(1_000),
) {
  const transitions: BreakerTransition[] = [];
  const b = new MemoryCircuitBreaker('svc', normalizeBreakerOptions(options, 'test'), clock, (t) =>
    transitions.push(t),
  );
  const call = (failed: boolean): boolean => {
    const a = b.acquire();
    if (!a.admitted) return false;
    b.record(a.ticket, failed);
    return true;
  };
  return { b, clock, transitions, call };
}

describe('MemoryCircuitBreaker', () => {
  it('opens after failureThreshold consecutive failures, and a success resets the count', () => {
    const { b, call, transitions } = breaker({ failureThreshold: 3, recoveryTimeout: 1000 });
    call(true);
    call(true);
    call(false); // resets
    call(true);
    call(true);
    expect(b.snapshot().state).toBe('closed');
    call(true);
    expect(b.snapshot().state).toBe('open');
    expect(transitions.map((t) => [t.from, t.to, t.reason])).toEqual([
      ['closed', 'open', 'failure_threshold'],
    ]);
  });

  it('rejects while open with the time left, then goes half-open after recoveryTimeout (no timers)', () => {
    const { b, clock, call, transitions } = breaker({
      failureThreshold: 1,
      recoveryTimeout: '10s',
    });
    call(true);
    clock.advance(4_000);
    expect(b.acquire()).toEqual({ admitted: false, state: 'open', retryAfterMs: 6_000 });
    clock.advance(5_999);
    expect(b.acquire()).toMatchObject({ admitted: false, retryAfterMs: 1 });
    clock.advance(1);
    const a = b.acquire();
    expect(a).toMatchObject({ admitted: true, ticket: { probe: true } });
    expect(transitions.at(-1)).toMatchObject({
      from: 'open',
      to: 'half_open',
      reason: 'recovery_timeout',
    });
  });

  it('admits exactly halfOpenRequests trial calls, closes when they all succeed', () => {
    const { b, clock, call, transitions } = breaker({
      failureThreshold: 1,
      recoveryTimeout: 100,
      halfOpenRequests: 3,
    });
    call(true);
    clock.advance(100);
    const admissions = Array.from({ length: 10 }, () => b.acquire());
    const admitted = admissions.filter((a) => a.admitted);
    expect(admitted).toHaveLength(3);
    expect(
      admissions
        .filter((a) => !a.admitted)
        .every((a) => !a.admitted && a.state === 'half_open' && a.retryAfterMs > 0),
    ).toBe(true);
    for (const [i, a] of admitted.entries()) {
      if (!a.admitted) throw new Error('unreachable');
      b.record(a.ticket, false);
      expect(b.snapshot().state).toBe(i < 2 ? 'half_open' : 'closed');
    }
    expect(transitions.at(-1)).toMatchObject({
      from: 'half_open',
      to: 'closed',
      reason: 'probes_succeeded',
    });
    expect(call(false)).toBe(true);
  });

  it('reopens on a failed trial call and ignores the late outcomes of the others', () => {
    const { b, clock, call, transitions } = breaker({
      failureThreshold: 1,
      recoveryTimeout: 100,
      halfOpenRequests: 2,
    });
    call(true);
    clock.advance(100);
    const p1 = b.acquire();
    const p2 = b.acquire();
    if (!p1.admitted || !p2.admitted) throw new Error('expected two probes');
    b.record(p1.ticket, true);
    expect(b.snapshot().state).toBe('open');
    b.record(p2.ticket, false); // stale: from the previous half-open period
    expect(b.snapshot().state).toBe('open');
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half_open', 'open']);
    expect(transitions.at(-1)!.reason).toBe('probe_failed');
    // The recovery timeout restarts from the reopening.
    clock.advance(99);
    expect(b.acquire().admitted).toBe(false);
    clock.advance(1);
    expect(b.acquire().admitted).toBe(true);
  });

  it('a call admitted before the breaker opened does not count after it', () => {
    const { b, call } = breaker({ failureThreshold: 2, recoveryTimeout: 100 });
    const early = b.acquire();
    call(true);
    call(true);
    expect(b.snapshot().state).toBe('open');
    if (!early.admitted) throw new Error('unreachable');
    b.record(early.ticket, false);
    expect(b.snapshot().state).toBe('open');
  });

  it('opens on a failure rate over the sliding window, once minimumCalls is reached', () => {
    const { b, clock, call } = breaker({
      failureRate: { threshold: 0.5, window: '10s', minimumCalls: 6 },
      recoveryTimeout: 100,
    });
    // 1 failure in 2 calls, repeated: never 2 consecutive; the rate is 50 %.
    call(false);
    call(true);
    call(false);
    call(true);
    expect(b.snapshot().state).toBe('closed'); // 4 calls < minimumCalls
    call(false);
    call(true);
    expect(b.snapshot().state).toBe('open');
    expect(b.snapshot().failures).toBe(1);
    // Old calls leave the window.
    const fresh = breaker({
      failureRate: { threshold: 0.5, window: 1000, minimumCalls: 4 },
      recoveryTimeout: 100,
    });
    fresh.call(true);
    fresh.call(true);
    fresh.call(true);
    fresh.clock.advance(2_000);
    fresh.call(false);
    fresh.call(false);
    fresh.call(false);
    fresh.call(true);
    expect(fresh.b.snapshot().state).toBe('closed');
    expect(clock.now()).toBe(1_000);
  });

  it('rejects bad options with a clear message', () => {
    expect(() => normalizeBreakerOptions({ failureThreshold: 0 }, 'tool x.breaker')).toThrow(
      /tool x.breaker: failureThreshold must be an integer >= 1/,
    );
    expect(() => normalizeBreakerOptions({ recoveryTimeout: 'soon' }, 'b')).toThrow(
      /duration like/,
    );
    expect(() =>
      normalizeBreakerOptions({ failureRate: { threshold: 2, window: '1s' } }, 'b'),
    ).toThrow(/threshold must be a number in \(0, 1\]/);
    expect(() => normalizeBreakerOptions({ halfOpen: 2 } as never, 'b')).toThrow(
      /unknown option 'halfOpen'/,
    );
  });
});
