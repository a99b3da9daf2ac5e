import { afterEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../backends/state-store.js';
import type { HarnessFactory, StoreHarness } from './harness.js';

/** TTL used by the expiry tests, and the slack around it: stores on a real clock (Redis) wait
 *  real time, and a loaded CI machine can stall a process for a few hundred milliseconds. */
const TTL = 400;
const MARGIN = 400;

let seq = 0;
const uniqueKey = (name: string): string => `conf:${process.pid}:${Date.now()}:${++seq}:${name}`;

/** The behaviour every `StateStore` must have. */
export function stateStoreConformance(name: string, factory: HarnessFactory<StateStore>): void {
  describe(`StateStore conformance: ${name}`, () => {
    let h: StoreHarness<StateStore> | undefined;
    const setup = async (): Promise<StoreHarness<StateStore>> => {
      h = await factory();
      return h;
    };
    afterEach(async () => {
      await h?.cleanup?.();
      h = undefined;
    });

    it('get, set and delete', async () => {
      const { store } = await setup();
      const key = uniqueKey('kv');
      expect(await store.get(key)).toBeUndefined();
      await store.set(key, 'v1');
      expect(await store.get(key)).toBe('v1');
      await store.set(key, 'v2');
      expect(await store.get(key)).toBe('v2');
      await store.delete(key);
      expect(await store.get(key)).toBeUndefined();
    });

    it('expires keys after their ttl', async () => {
      const { store, advance } = await setup();
      const key = uniqueKey('ttl');
      await store.set(key, 'x', TTL);
      expect(await store.get(key)).toBe('x');
      await advance(TTL + MARGIN);
      expect(await store.get(key)).toBeUndefined();
    });

    it('setIfAbsent sets once, and again after expiry', async () => {
      const { store, advance } = await setup();
      const key = uniqueKey('nx');
      expect(await store.setIfAbsent(key, 'a', TTL)).toBe(true);
      expect(await store.setIfAbsent(key, 'b', TTL)).toBe(false);
      expect(await store.get(key)).toBe('a');
      await advance(TTL + MARGIN);
      expect(await store.setIfAbsent(key, 'c', TTL)).toBe(true);
      expect(await store.get(key)).toBe('c');
    });

    it('setIfAbsent is atomic: of 50 concurrent writers exactly one wins', async () => {
      const { store } = await setup();
      const key = uniqueKey('nx-race');
      const wins = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.setIfAbsent(key, String(i), 10_000)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('increment counts from zero, by any delta, negative included', async () => {
      const { store } = await setup();
      const key = uniqueKey('inc');
      expect(await store.increment(key, 1)).toEqual({ applied: true, value: 1 });
      expect(await store.increment(key, 5)).toEqual({ applied: true, value: 6 });
      expect(await store.increment(key, -2)).toEqual({ applied: true, value: 4 });
      expect(await store.get(key)).toBe('4');
    });

    it('increment with a max never crosses it, even under concurrency', async () => {
      const { store } = await setup();
      const key = uniqueKey('inc-max');
      const results = await Promise.all(
        Array.from({ length: 100 }, () => store.increment(key, 1, { max: 10 })),
      );
      expect(results.filter((r) => r.applied)).toHaveLength(10);
      expect(await store.increment(key, 1, { max: 10 })).toEqual({ applied: false, value: 10 });
      expect(Number(await store.get(key))).toBe(10);
    });

    it('increment with a ttl slides the expiry; without one it keeps it', async () => {
      const { store, advance } = await setup();
      const key = uniqueKey('inc-ttl');
      // Each step leaves MARGIN either side, so a slow machine cannot flip the outcome.
      await store.increment(key, 1, { ttlMs: 2 * TTL });
      await advance(TTL);
      await store.increment(key, 1, { ttlMs: 2 * TTL }); // slides: now expires 2*TTL from here
      await advance(TTL);
      expect(await store.get(key)).toBe('2');
      await store.increment(key, 1); // keeps the current expiry
      await advance(TTL + MARGIN);
      expect(await store.get(key)).toBeUndefined();
    });

    it('now() is a plausible epoch time in ms and never goes back', async () => {
      const { store } = await setup();
      const a = await store.now();
      const b = await store.now();
      expect(Number.isFinite(a)).toBe(true);
      expect(b).toBeGreaterThanOrEqual(a);
    });

    it('rejects bad input with a TypeError', async () => {
      const { store } = await setup();
      await expect(store.set(uniqueKey('bad'), 'v', -5)).rejects.toThrow(TypeError);
      await expect(store.increment(uniqueKey('bad'), Number.NaN)).rejects.toThrow(TypeError);
    });
  });
}
