/** Per-call timing: every call is timed alone, so the median and p99 are of single calls. */

export interface Stats {
  label: string;
  samples: number;
  medianNs: number;
  p99Ns: number;
  meanNs: number;
}

export type Subject = { label: string; fn: () => unknown };

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * Runs the subjects side by side: interleaved in rounds, so drift in machine speed (other load,
 * CPU frequency, GC) falls on all of them alike. Async functions are awaited.
 */
export async function compare(
  subjects: readonly Subject[],
  options: { iterations: number; warmup: number; rounds?: number },
): Promise<Stats[]> {
  const rounds = options.rounds ?? 10;
  const perRound = Math.max(1, Math.floor(options.iterations / rounds));
  for (const s of subjects) for (let i = 0; i < options.warmup; i++) await s.fn();
  const samples = subjects.map(() => new Float64Array(perRound * rounds));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < subjects.length; k++) {
      const fn = subjects[k]!.fn;
      const out = samples[k]!;
      for (let i = 0; i < perRound; i++) {
        const t0 = process.hrtime.bigint();
        const v = fn();
        if (v instanceof Promise) await v;
        out[r * perRound + i] = Number(process.hrtime.bigint() - t0);
      }
    }
  }
  return subjects.map((s, k) => {
    const sorted = samples[k]!.sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      label: s.label,
      samples: sorted.length,
      medianNs: percentile(sorted, 0.5),
      p99Ns: percentile(sorted, 0.99),
      meanNs: sum / sorted.length,
    };
  });
}

/** Throughput of a function over a fixed time: operations per second. */
export async function throughput(fn: () => unknown, ms: number): Promise<number> {
  const end = performance.now() + ms;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) {
      const v = fn();
      if (v instanceof Promise) await v;
    }
    n += 1000;
  }
  return n / ((performance.now() - start) / 1000);
}

export const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;
