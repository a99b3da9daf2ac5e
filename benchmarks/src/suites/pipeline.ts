import { createAirlock, PERMISSIVE_POLICY, z } from '@airlock/core';
import { tool as langchainTool } from '@langchain/core/tools';
import { compare, us } from '../measure.js';
import type { Suite } from '../suite.js';

/**
 * The overhead of a fully guarded call on the hot path: a valid call, permissive policy,
 * in-memory backends, output sanitizing on. Side by side with what users run without guards:
 * a bare `schema.parse` + the function, and LangChain's `tool(...).invoke`.
 */
export const pipelineSuite: Suite = {
  name: 'pipeline',
  description: 'Overhead of a guarded call vs bare schema.parse and LangChain tool().invoke',
  async run({ quick }) {
    const input = z.object({
      id: z.number().int(),
      include: z.enum(['orders', 'none']).optional(),
    });
    const lookup = ({ id }: { id: number }) => ({
      id,
      name: 'Ann Lee',
      plan: 'pro',
      note: 'renews in May',
    });
    const args = { id: 42, include: 'orders' as const };

    const airlock = createAirlock({ policy: PERMISSIVE_POLICY });
    const guarded = airlock.tool({
      name: 'get_customer',
      description: 'Look up a customer',
      input,
      run: lookup,
    });
    const lc = langchainTool(async (a: { id: number }) => JSON.stringify(lookup(a)), {
      name: 'get_customer',
      description: 'Look up a customer',
      schema: input,
    });
    const bare = async () => lookup(input.parse(args));

    const check = await guarded.call(args);
    if (!check.ok) throw new Error(`benchmark call was blocked: ${JSON.stringify(check.error)}`);

    const [b, a, l] = await compare(
      [
        { label: 'bare schema.parse + fn', fn: bare },
        { label: 'airlock tool.call', fn: () => guarded.call(args) },
        { label: 'langchain tool().invoke', fn: () => lc.invoke(args) },
      ],
      { iterations: quick ? 20_000 : 200_000, warmup: quick ? 2_000 : 20_000 },
    );
    const overheadMedian = a!.medianNs - b!.medianNs;
    const overheadP99 = a!.p99Ns - b!.p99Ns;
    await airlock.close();
    return {
      suite: 'pipeline',
      summary: `guarded call overhead: median ${us(overheadMedian)}, p99 ${us(overheadP99)}; airlock/langchain median ratio ${(a!.medianNs / l!.medianNs).toFixed(2)}`,
      rows: [b, a, l].map((s) => ({ ...s!, median: us(s!.medianNs), p99: us(s!.p99Ns) })),
      chart: {
        title: 'One tool call, median (valid call, sanitizing on)',
        unit: 'µs',
        better: 'lower',
        bars: [
          { label: 'bare schema.parse + fn', value: b!.medianNs / 1000 },
          { label: 'airlock tool.call (guarded)', value: a!.medianNs / 1000, ours: true },
          { label: 'langchain tool().invoke', value: l!.medianNs / 1000 },
        ],
      },
      targets: [
        {
          name: 'median overhead vs bare',
          target: '<= 5 µs',
          measured: us(overheadMedian),
          met: overheadMedian <= 5000,
        },
        {
          name: 'guarded call vs unguarded LangChain call (median)',
          target: 'cheaper',
          measured: `${us(a!.medianNs)} vs ${us(l!.medianNs)}`,
          met: a!.medianNs < l!.medianNs,
        },
      ],
    };
  },
};
