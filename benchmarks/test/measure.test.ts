import { describe, expect, it } from 'vitest';
import { compare } from '../src/measure.js';
import { SUITES } from '../src/suites/index.js';

describe('benchmark harness', () => {
  it('times subjects side by side and tells a slow one from a fast one', async () => {
    const spin = (n: number) => () => {
      let x = 0;
      for (let i = 0; i < n; i++) x += i;
      return x;
    };
    const [fast, slow] = await compare(
      [
        { label: 'fast', fn: spin(10) },
        { label: 'slow', fn: spin(20_000) },
      ],
      { iterations: 2_000, warmup: 100 },
    );
    expect(fast!.samples).toBe(2_000);
    expect(slow!.medianNs).toBeGreaterThan(fast!.medianNs * 5);
    expect(slow!.p99Ns).toBeGreaterThanOrEqual(slow!.medianNs);
  });

  it('every suite has a unique name', () => {
    const names = SUITES.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
