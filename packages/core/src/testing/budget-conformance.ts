import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Airlock, createAirlock } from '../airlock.js';
import type { StateStore } from '../backends/state-store.js';
import type { BudgetOptions } from '../budget/budget-options.js';
import type { HarnessFactory, StoreHarness } from './harness.js';

let seq = 0;
const uniqueWorkspace = (name: string): string =>
  `budget-conf-${process.pid}-${Date.now()}-${++seq}-${name}`;

/**
 * Budgets enforced across airlock instances (workers) that share one `StateStore`. Run it with
 * the memory store (one shared instance) and with every shared backend (Redis): the limits must
 * hold exactly, whichever instance takes a call.
 */
export function budgetConformance(name: string, factory: HarnessFactory<StateStore>): void {
  describe(`Budgets across instances sharing a store: ${name}`, () => {
    let h: StoreHarness<StateStore> | undefined;
    const airlocks: Airlock[] = [];
    const pair = async (budgets: BudgetOptions, extra: { policy?: object } = {}) => {
      h = await factory();
      const make = () => {
        const airlock = createAirlock({
          stateStore: h!.store,
          budgets,
          ...(extra.policy ? { policy: extra.policy } : {}),
        });
        airlocks.push(airlock);
        return airlock.tool({
          name: 'search',
          description: 'search',
          input: z.object({ q: z.string() }),
          run: async ({ q }) => `result for ${q}`,
        });
      };
      return [make(), make()] as const;
    };
    afterEach(async () => {
      for (const a of airlocks.splice(0)) await a.close();
      await h?.cleanup?.();
      h = undefined;
    });

    it('a calls budget holds across two instances taking turns', async () => {
      const [a, b] = await pair({ workspace: { calls: 5 } });
      const ctx = { workspaceId: uniqueWorkspace('turns') };
      const results = [];
      for (let i = 0; i < 7; i++)
        results.push(await (i % 2 === 0 ? a : b).call({ q: `q${i}` }, ctx));
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, false, false]);
      const denied = results[5]!;
      expect(denied.ok).toBe(false);
      if (!denied.ok) {
        expect(denied.error.code).toBe('BUDGET_EXCEEDED');
        expect(denied.error.details).toMatchObject({
          scope: 'workspace',
          dimension: 'calls',
          used: 5,
          limit: 5,
        });
      }
    });

    it('concurrent calls on both instances never pass the limit', async () => {
      const [a, b] = await pair({ user: { calls: 10 } });
      const ctx = { workspaceId: uniqueWorkspace('concurrent'), userId: 'u1' };
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).call({ q: String(i) }, ctx)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(results.filter((r) => !r.ok && r.error.code === 'BUDGET_EXCEEDED')).toHaveLength(20);
    });

    it('token use settled on one instance is seen by the other', async () => {
      // Each call: arguments {"q":"xxxx"} = 12 chars = 3 tokens, output "result for xxxx" = 15 chars = 4 tokens.
      const [a, b] = await pair({ workspace: { tokens: 14 } });
      const ctx = { workspaceId: uniqueWorkspace('tokens') };
      expect((await a.call({ q: 'xxxx' }, ctx)).ok).toBe(true);
      expect((await b.call({ q: 'xxxx' }, ctx)).ok).toBe(true);
      const third = await a.call({ q: 'xxxx' }, ctx);
      expect(third.ok).toBe(false);
      if (!third.ok)
        expect(third.error.details).toMatchObject({
          dimension: 'tokens',
          used: 14,
          limit: 14,
          requested: 3,
        });
    });

    it('a call denied by a rate limit takes nothing from the budget', async () => {
      // Rate limits live in each instance's own (memory) rate-limit store: use one instance.
      const [a] = await pair(
        { workspace: { calls: 3 } },
        { policy: { rateLimits: { search: { rate: '1/hour', scope: 'workspace' } } } },
      );
      const ctx = { workspaceId: uniqueWorkspace('ratelimited') };
      expect((await a.call({ q: '1' }, ctx)).ok).toBe(true);
      const limited = await a.call({ q: '2' }, ctx);
      expect(!limited.ok && limited.error.code).toBe('RATE_LIMITED');
      const [usage] = (await airlocks[0]!.budgets!.usage(ctx)).filter(
        (u) => u.line.dimension === 'calls',
      );
      expect(usage!.used).toBe(1);
    });

    it('settling a reservation twice counts it once', async () => {
      await pair({ workspace: { tokens: 1000 } });
      const ledger = airlocks[0]!.budgets!;
      const ctx = { workspaceId: uniqueWorkspace('idempotent') };
      const lines = ledger.linesFor(ctx);
      const r = await ledger.reserve(
        lines,
        { tokens: 10, costMicros: 0, calls: 1 },
        `idem-${uniqueWorkspace('k')}`,
      );
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      await r.reservation.settle({ tokens: 25, costMicros: 0, calls: 1 });
      await r.reservation.settle({ tokens: 25, costMicros: 0, calls: 1 });
      await r.reservation.release();
      const [usage] = await airlocks[1]!.budgets!.usage(ctx);
      expect(usage!.used).toBe(25);
    });
  });
}
