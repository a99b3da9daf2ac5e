import { describe, expect, it } from 'vitest';
import {
  createAirlock,
  estimateTokens,
  type TruncationInfo,
  truncateOutput,
  truncateText,
  z,
} from '../src/index.js';

const text = 'Line one of the report.\nLine two has more detail about the order.\n'.repeat(20);

describe('truncation', () => {
  it('a string cut to every limit from 1 to 200 characters is never longer than the limit', () => {
    for (let max = 1; max <= 200; max++) {
      const r = truncateText(text, { maxChars: max, countTokens: estimateTokens });
      expect(r.value.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(r.truncated).toBe(true);
    }
  });

  it('JSON output cut to every limit from 1 to 200 stays within it, and valid JSON whenever a shape fits', () => {
    const value = {
      customer: { name: 'Ann Lee', notes: 'x'.repeat(500) },
      orders: Array.from({ length: 40 }, (_, i) => ({ id: i, total: i * 3.5 })),
    };
    for (let max = 1; max <= 200; max++) {
      const r = truncateOutput(value, { maxChars: max, countTokens: estimateTokens });
      const size = typeof r.value === 'string' ? r.value.length : JSON.stringify(r.value).length;
      expect(size, `max ${max}`).toBeLessThanOrEqual(max);
      if (max >= 60) expect(typeof r.value, `max ${max}`).toBe('object');
    }
  });

  it('the marker says how much was cut, and text that fits is untouched', () => {
    const r = truncateText('a'.repeat(1000), { maxChars: 100, countTokens: estimateTokens });
    expect(r.value).toMatch(/\n…\[truncated \d+ of 1000 chars\]$/);
    const cut = Number(/truncated (\d+)/.exec(r.value)![1]);
    expect(r.value.length - r.value.indexOf('\n…') + (1000 - cut)).toBe(100);
    expect(truncateText('short', { maxChars: 100, countTokens: estimateTokens })).toMatchObject({
      value: 'short',
      truncated: false,
    });
  });

  it('never splits a surrogate pair', () => {
    const emoji = '😀'.repeat(100);
    for (let max = 1; max < 60; max++) {
      const r = truncateText(emoji, { maxChars: max, countTokens: estimateTokens });
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(r.value)).toBe(false);
    }
  });

  it('cuts by tokens with a pluggable counter', () => {
    const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
    const r = truncateText('one two three four five six seven eight nine ten', {
      maxTokens: 4,
      countTokens: words,
    });
    expect(words(r.value)).toBeLessThanOrEqual(4);
    expect(r.value.startsWith('one two')).toBe(true);
  });

  it('the pipeline truncates by the tool’s, the policy’s or the airlock’s limit and reports tokens saved', async () => {
    const seen: TruncationInfo[] = [];
    const airlock = createAirlock({
      output: { maxChars: 300 },
      policy: { output: { 'report_*': { maxChars: 200 } } },
      tokenCostPer1k: 0.01,
      onTruncate: (i) => void seen.push(i),
    });
    const mk = (name: string, own?: number) =>
      airlock.tool({
        name,
        description: 'd',
        input: z.object({}),
        ...(own ? { output: { maxChars: own } } : {}),
        run: () => text,
      });
    const a = await mk('plain').call({});
    const b = await mk('report_x').call({});
    const c = await mk('report_y', 50).call({});
    expect(
      [a, b, c].map((r) => (r.ok ? (r.output as string).length <= 300 && r.truncated : null)),
    ).toEqual([true, true, true]);
    expect([b, c].map((r) => (r.ok ? (r.output as string).length : 0))).toEqual([200, 50]);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject({
      tool: 'plain',
      originalTokens: estimateTokens(text),
      keptTokens: 75,
    });
    expect(seen[0]!.savedTokens).toBe(seen[0]!.originalTokens - seen[0]!.keptTokens);
    expect(seen[0]!.estimatedCostSaved).toBeCloseTo((seen[0]!.savedTokens / 1000) * 0.01);
  });

  it('a throwing onTruncate callback does not break the call', async () => {
    const airlock = createAirlock({
      output: { maxChars: 10 },
      onTruncate: () => {
        throw new Error('boom');
      },
    });
    const t = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({}),
      run: () => 'x'.repeat(100),
    });
    expect(await t.call({})).toMatchObject({ ok: true, truncated: true });
  });
});
