import { execFile } from 'node:child_process';
import { NodeSandbox } from '@airlock/sandbox-node';
import { compare, type Stats } from '../measure.js';
import type { Suite } from '../suite.js';

const ms = (ns: number): string => `${(ns / 1e6).toFixed(1)} ms`;
const CODE = 'return args.a + args.b';

/** Node started the plain way, nothing locked down: the floor a fresh process cannot beat. */
function bareNode(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', 'process.stdout.write(String(1 + 2))'],
      { env: {} },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

function stats(label: string, samples: number[]): Stats {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return {
    label,
    samples: sorted.length,
    medianNs: at(0.5),
    p99Ns: at(0.99),
    meanNs: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/**
 * The local sandbox's latency. Cold: no warm process, the call starts one (side by side with a
 * bare `node -e` spawn, interleaved). Warm: a started process is waiting (the pool has refilled
 * since the last call), which is the latency a call sees when calls are not back to back.
 * Sustained: calls back to back, each paying for its replacement's start-up on the same CPUs.
 */
export const sandboxSuite: Suite = {
  name: 'sandbox',
  description: 'Local sandbox (sandbox-node) cold and warm call latency vs a bare node spawn',
  async run({ quick }) {
    const cold = new NodeSandbox({ poolSize: 0 });
    const warm = new NodeSandbox({ poolSize: 1 });
    const request = { language: 'javascript' as const, code: CODE, args: { a: 1, b: 2 } };
    const check = await cold.run(request);
    if (!check.ok || check.result !== 3)
      throw new Error(`sandbox benchmark call failed: ${JSON.stringify(check)}`);

    const [bare, coldStats] = await compare(
      [
        { label: 'bare node -e spawn (no sandbox)', fn: bareNode },
        { label: 'sandbox-node cold call', fn: () => cold.run(request) },
      ],
      { iterations: quick ? 10 : 60, warmup: 2, rounds: quick ? 5 : 10 },
    );

    const warmSamples: number[] = [];
    for (let i = 0; i < (quick ? 15 : 80); i++) {
      await warm.warmUp();
      await new Promise((r) => setTimeout(r, 25)); // let the refilled process finish starting
      const t0 = process.hrtime.bigint();
      await warm.run(request);
      warmSamples.push(Number(process.hrtime.bigint() - t0));
    }
    const warmStats = stats('sandbox-node warm call', warmSamples);

    await warm.warmUp();
    const n = quick ? 20 : 100;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await warm.run(request);
    const perSecond = n / ((performance.now() - t0) / 1000);
    await Promise.all([cold.close(), warm.close()]);

    const rows = [bare!, coldStats!, warmStats].map((s) => ({
      ...s,
      median: ms(s.medianNs),
      p99: ms(s.p99Ns),
    }));
    rows.push({
      label: `sandbox-node back to back (pool 1): ${perSecond.toFixed(0)} calls/s`,
      samples: n,
      medianNs: Number.NaN,
      p99Ns: Number.NaN,
      meanNs: 1e9 / perSecond,
      median: '',
      p99: '',
    });
    return {
      suite: 'sandbox',
      chart: {
        title: 'Local sandbox call (median)',
        unit: 'ms',
        better: 'lower',
        bars: [
          { label: 'sandbox-node warm', value: warmStats.medianNs / 1e6, ours: true },
          { label: 'sandbox-node cold', value: coldStats!.medianNs / 1e6, ours: true },
          { label: 'bare node -e spawn', value: bare!.medianNs / 1e6 },
        ],
      },
      summary: `warm median ${ms(warmStats.medianNs)} (p99 ${ms(warmStats.p99Ns)}), cold median ${ms(coldStats!.medianNs)} vs bare node spawn ${ms(bare!.medianNs)} (x${(coldStats!.medianNs / bare!.medianNs).toFixed(2)}); back to back ${perSecond.toFixed(0)} calls/s`,
      rows,
      targets: [
        {
          name: 'warm call latency (median)',
          target: '<= 10 ms',
          measured: ms(warmStats.medianNs),
          met: warmStats.medianNs <= 10e6,
        },
        {
          name: 'cold call latency (median)',
          target: '<= 150 ms',
          measured: ms(coldStats!.medianNs),
          met: coldStats!.medianNs <= 150e6,
        },
      ],
    };
  },
};
