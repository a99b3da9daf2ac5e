import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimitRequest, RateLimitStore } from '../backends/rate-limit-store.js';
import type { HarnessFactory, StoreHarness } from './harness.js';

let seq = 0;
const uniqueKey = (name: string): string => `conf:${process.pid}:${Date.now()}:${++seq}:${name}`;

function gcra(key: string, limit: number, periodMs: number): RateLimitRequest {
  return { key, limit, periodMs, algorithm: 'gcra' };
}

/**
 * The behaviour every `RateLimitStore` must have. Run it from your implementation's tests:
 * `rateLimitStoreConformance('redis', async () => ({ store, advance: sleep }))`.
 */
export function rateLimitStoreConformance(
  name: string,
  factory: HarnessFactory<RateLimitStore>,
): void {
  describe(`RateLimitStore conformance: ${name}`, () => {
    let h: StoreHarness<RateLimitStore> | undefined;
    const setup = async (): Promise<StoreHarness<RateLimitStore>> => {
      h = await factory();
      return h;
    };
    afterEach(async () => {
      await h?.cleanup?.();
      h = undefined;
    });

    it('gcra: admits exactly the burst, then denies with a retry time of one interval', async () => {
      const { store } = await setup();
      const key = uniqueKey('burst');
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await store.decide([gcra(key, 5, 60_000)]));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
      expect(results.map((r) => r.remaining).slice(0, 5)).toEqual([4, 3, 2, 1, 0]);
      const denied = results[5]!;
      expect(denied.retryAfterMs).toBeGreaterThan(11_000);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(12_000);
    });

    it('gcra: a denied call consumes nothing, and the bucket refills continuously', async () => {
      const { store, advance } = await setup();
      const key = uniqueKey('refill');
      for (let i = 0; i < 2; i++)
        expect((await store.decide([gcra(key, 2, 2000)])).allowed).toBe(true);
      for (let i = 0; i < 5; i++)
        expect((await store.decide([gcra(key, 2, 2000)])).allowed).toBe(false);
      // One interval is 1000 ms: wait a bit more than one, well under two, so a slow machine
      // cannot make it refill twice.
      await advance(1150);
      expect((await store.decide([gcra(key, 2, 2000)])).allowed).toBe(true);
      expect((await store.decide([gcra(key, 2, 2000)])).allowed).toBe(false);
    });

    it('decides several keys at once: one denial consumes from none of them', async () => {
      const { store } = await setup();
      const tight = uniqueKey('tight');
      const loose = uniqueKey('loose');
      expect((await store.decide([gcra(tight, 1, 60_000), gcra(loose, 3, 60_000)])).allowed).toBe(
        true,
      );
      const denied = await store.decide([gcra(tight, 1, 60_000), gcra(loose, 3, 60_000)]);
      expect(denied.allowed).toBe(false);
      expect(denied.results.find((r) => r.key === tight)?.allowed).toBe(false);
      // `loose` still has 2 of 3 left: the denied call took nothing from it.
      expect((await store.decide([gcra(loose, 3, 60_000)])).allowed).toBe(true);
      expect((await store.decide([gcra(loose, 3, 60_000)])).allowed).toBe(true);
      expect((await store.decide([gcra(loose, 3, 60_000)])).allowed).toBe(false);
    });

    it('keys are independent', async () => {
      const { store } = await setup();
      const a = uniqueKey('a');
      const b = uniqueKey('b');
      expect((await store.decide([gcra(a, 1, 60_000)])).allowed).toBe(true);
      expect((await store.decide([gcra(a, 1, 60_000)])).allowed).toBe(false);
      expect((await store.decide([gcra(b, 1, 60_000)])).allowed).toBe(true);
    });

    it('a cost above one consumes that many, and a cost above the limit is denied', async () => {
      const { store } = await setup();
      const key = uniqueKey('cost');
      expect((await store.decide([gcra(key, 5, 60_000)], 3)).allowed).toBe(true);
      expect((await store.decide([gcra(key, 5, 60_000)], 3)).allowed).toBe(false);
      expect((await store.decide([gcra(key, 5, 60_000)], 2)).allowed).toBe(true);
      expect((await store.decide([gcra(uniqueKey('big'), 5, 60_000)], 6)).allowed).toBe(false);
    });

    it('strict: never more than the limit in any rolling period', async () => {
      const { store, advance } = await setup();
      const key = uniqueKey('strict');
      const req: RateLimitRequest = { key, limit: 3, periodMs: 1500, algorithm: 'strict' };
      for (let i = 0; i < 3; i++) expect((await store.decide([req])).allowed).toBe(true);
      const denied = await store.decide([req]);
      expect(denied.allowed).toBe(false);
      expect(denied.retryAfterMs).toBeGreaterThan(0);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(1500);
      await advance(500);
      expect((await store.decide([req])).allowed).toBe(false);
      await advance(1200);
      for (let i = 0; i < 3; i++) expect((await store.decide([req])).allowed).toBe(true);
      expect((await store.decide([req])).allowed).toBe(false);
    });

    it('is exact under concurrency: 300 concurrent calls against 50 admit 50', async () => {
      const { store } = await setup();
      const key = uniqueKey('concurrent');
      const decisions = await Promise.all(
        Array.from({ length: 300 }, () =>
          Promise.resolve(store.decide([gcra(key, 50, 3_600_000)])),
        ),
      );
      expect(decisions.filter((d) => d.allowed)).toHaveLength(50);
    });

    it('rejects a malformed request instead of guessing', async () => {
      const { store } = await setup();
      for (const bad of [
        gcra(uniqueKey('zero'), 0, 1000),
        gcra(uniqueKey('neg-period'), 5, -1),
        gcra('', 5, 1000),
        { key: uniqueKey('algo'), limit: 5, periodMs: 1000, algorithm: 'nope' as 'gcra' },
      ]) {
        await expect(Promise.resolve().then(() => store.decide([bad]))).rejects.toThrow(TypeError);
      }
      await expect(
        Promise.resolve().then(() => store.decide([gcra(uniqueKey('c'), 5, 1000)], 0)),
      ).rejects.toThrow(TypeError);
    });
  });
}
