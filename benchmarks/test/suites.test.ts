import { describe, expect, it } from 'vitest';
import { SUITES } from '../src/suites/index.js';

describe('benchmark suites', () => {
  it('are registered once each, with a description', () => {
    const names = SUITES.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('sandbox');
    for (const s of SUITES) expect(s.description.length).toBeGreaterThan(0);
  });

  // Runs the suite end to end (it throws if a sandboxed call fails); the numbers themselves are
  // for `pnpm bench`, not for a unit test.
  it('the sandbox suite runs and reports both latency targets', async () => {
    const suite = SUITES.find((s) => s.name === 'sandbox')!;
    const result = await suite.run({ quick: true });
    expect(result.targets?.map((t) => t.name)).toEqual([
      'warm call latency (median)',
      'cold call latency (median)',
    ]);
    expect(result.rows.length).toBe(4);
  }, 60_000);
});
