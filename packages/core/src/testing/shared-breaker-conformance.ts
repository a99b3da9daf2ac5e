import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../backends/clock.js';
import type { StateStore } from '../backends/state-store.js';
import { normalizeBreakerOptions } from '../resilience/breaker-options.js';
import type { BreakerTransition } from '../resilience/circuit-breaker.js';
import { SharedCircuitBreaker } from '../resilience/shared-breaker.js';
import type { HarnessFactory, StoreHarness } from './harness.js';

let seq = 0;

/**
 * Circuit breakers shared through a `StateStore`: what every store must give them. Two breaker
 * instances (two workers) on one store must act as one breaker. The breakers' keys start with
 * `breaker:conformance-`, so a harness's `cleanup` can delete them.
 */
export function sharedBreakerConformance(name: string, factory: HarnessFactory<StateStore>): void {
  describe(`shared circuit breaker on: ${name}`, () => {
    let h: StoreHarness<StateStore> | undefined;
    afterEach(async () => {
      await h?.cleanup?.();
      h = undefined;
    });

    async function pair(options: { failureThreshold: number; halfOpenRequests: number }) {
      h = await factory();
      const clock = new ManualClock(1_000_000);
      const key = `conformance-${process.pid}-${Date.now()}-${++seq}`;
      const transitions: BreakerTransition[] = [];
      const config = normalizeBreakerOptions({ ...options, recoveryTimeout: 5_000 }, 'conformance');
      const make = () =>
        new SharedCircuitBreaker(key, config, h!.store, clock, 5_000, (t) => transitions.push(t));
      return { a: make(), b: make(), clock, transitions };
    }

    it('failures recorded by two instances open one breaker, once, and both reject', async () => {
      const { a, b, transitions } = await pair({ failureThreshold: 4, halfOpenRequests: 1 });
      const fail = async (breaker: SharedCircuitBreaker) => {
        const admission = await breaker.acquire();
        if (admission.admitted) await breaker.record(admission.ticket, true);
      };
      await Promise.all([fail(a), fail(b), fail(a), fail(b), fail(a), fail(b)]);
      expect(transitions.filter((t) => t.to === 'open')).toHaveLength(1);
      for (const breaker of [a, b]) {
        expect(await breaker.acquire()).toMatchObject({
          admitted: false,
          state: 'open',
          retryAfterMs: 5_000,
        });
      }
    });

    it('half-open admits exactly halfOpenRequests of 100 concurrent callers across instances, then closes', async () => {
      const { a, b, clock, transitions } = await pair({ failureThreshold: 1, halfOpenRequests: 3 });
      const first = await a.acquire();
      if (!first.admitted) throw new Error('a closed breaker must admit');
      await a.record(first.ticket, true);
      clock.advance(5_000);
      const admissions = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).acquire()),
      );
      const admitted = admissions.filter((x) => x.admitted);
      expect(admitted).toHaveLength(3);
      for (const x of admitted) if (x.admitted) await a.record(x.ticket, false);
      expect(transitions.map((t) => t.to)).toEqual(['open', 'half_open', 'closed']);
      expect((await b.snapshot()).state).toBe('closed');
      expect((await b.acquire()).admitted).toBe(true);
    });
  });
}
