import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOGNIZERS, defineRecognizer } from '../src/index.js';
import { HOSTILE_INPUTS, measureLinearTime } from '../src/testing/index.js';

/**
 * Every recognizer on 1 MiB of hostile input must finish within 50 ms of CPU time. Inputs made
 * of valid findings (`password: x` a hundred thousand times) cost per finding; one of those may
 * take longer only if it grows linearly (1 MiB costs at most 8 times a quarter MiB: 4 when
 * linear, 16 when quadratic).
 * The harness runs the regexes in a worker first, so a backtracking pattern fails the test
 * instead of hanging it, as the deliberately bad recognizer below shows.
 */
describe('recognizers run in linear time on hostile input', () => {
  it('core recognizers: <= 50 ms per MiB, linear growth on finding-dense input', async () => {
    const results = await measureLinearTime(DEFAULT_RECOGNIZERS);
    const slow = results.filter(
      (r) => r.ms > 50 && !(r.dense && (r.growth ?? 99) <= 8 && r.ms <= 1000),
    );
    expect(slow, JSON.stringify(slow)).toEqual([]);
    expect(results.length).toBe(DEFAULT_RECOGNIZERS.length * HOSTILE_INPUTS.length);
  }, 120_000);

  it('fails on a backtracking pattern (exponential and quadratic)', async () => {
    const bad = defineRecognizer({
      name: 'bad',
      type: 'bad',
      patterns: [{ name: 'nested', score: 1, regex: /(\w+\s?)+$/ }],
    });
    const [hung] = await measureLinearTime([bad], {
      inputs: [{ name: 'words', unit: `${'a'.repeat(40)}!` }],
      size: 4096,
      hardLimitMs: 1000,
    });
    expect(hung).toMatchObject({ recognizer: 'bad', timedOut: true });
    const quadratic = defineRecognizer({
      name: 'quad',
      type: 'quad',
      patterns: [{ name: 'q', score: 1, regex: /[a-z]{1,5000}@/ }],
    });
    const [q] = await measureLinearTime([quadratic], {
      inputs: [{ name: 'letters', unit: 'a' }],
      size: 1 << 18,
      runs: 1,
      hardLimitMs: 1500,
    });
    expect(q!.timedOut === true || q!.ms > 50).toBe(true);
  }, 30_000);
});
