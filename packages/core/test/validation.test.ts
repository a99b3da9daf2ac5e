import { describe, expect, it } from 'vitest';
import { createAirlock, z } from '../src/index.js';

function tool<S extends z.ZodObject>(input: S) {
  const seen: unknown[] = [];
  const airlock = createAirlock();
  const t = airlock.tool({
    name: 'tool_under_test',
    description: 'd',
    input,
    run: (a) => void seen.push(a),
  });
  return { t, seen };
}

describe('strict validation', () => {
  it('never coerces: "42" is not a number, and the error names the argument with a corrected call', async () => {
    const { t, seen } = tool(z.object({ id: z.number().int() }));
    const r = await t.call({ id: '42' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      tool: 'tool_under_test',
      message: `Argument 'id' must be an integer, got string "42".`,
      issues: [{ path: ['id'], expected: 'integer', received: 'string' }],
      retryable: true,
    });
    expect(r.error.fixHints).toContain('Corrected call: {"id":42}');
    expect(seen).toHaveLength(0);
    expect(JSON.parse(JSON.stringify(r.error))).toEqual(r.error);
  });

  it('reports every problem with its path, and a missing argument as missing', async () => {
    const { t } = tool(z.object({ name: z.string(), age: z.number(), tags: z.array(z.string()) }));
    const r = await t.call({ age: 'old', tags: ['a', 2] });
    if (r.ok) throw new Error('expected a block');
    expect(r.error.issues?.map((i) => [i.path, i.received])).toEqual([
      [['name'], 'missing'],
      [['age'], 'string'],
      [['tags', 1], 'integer'],
    ]);
    expect(r.error.message).toBe(
      `Argument 'name' is required but was missing. (2 more problems below)`,
    );
  });

  it('accepts the JSON-native forms a model sends where the schema says so', async () => {
    const { t, seen } = tool(
      z.object({
        color: z.enum(['red', 'blue']),
        day: z.iso.date(),
        at: z.iso.datetime(),
        when: z.date(),
        n: z.number(),
      }),
    );
    const r = await t.call({
      color: 'red',
      day: '2024-02-29',
      at: '2024-02-29T10:00:00Z',
      when: '2024-02-29T10:00:00Z',
      n: 3,
    });
    expect(r.ok).toBe(true);
    expect((seen[0] as { when: Date }).when).toBeInstanceOf(Date);
    expect((seen[0] as { when: Date }).when.toISOString()).toBe('2024-02-29T10:00:00.000Z');
  });

  it('explains enum, format and range problems in words a model can act on', async () => {
    const { t } = tool(
      z.object({
        color: z.enum(['red', 'blue']),
        day: z.iso.date(),
        qty: z.number().int().min(1).max(10),
        code: z.string().max(3),
      }),
    );
    const r = await t.call({ color: 'Red', day: '2024-13-01', qty: 11, code: 'ABCD' });
    if (r.ok) throw new Error('expected a block');
    const messages = r.error.issues!.map((i) => i.message);
    expect(messages).toEqual([
      `Argument 'color' must be one of "red", "blue", got "Red".`,
      `Argument 'day' must be an ISO date (YYYY-MM-DD), got "2024-13-01".`,
      `Argument 'qty' must be at most 10, got 11.`,
      `Argument 'code' must have at most 3 characters, got "ABCD".`,
    ]);
    // The enum hint picks the intended option.
    expect(r.error.fixHints[0]).toContain('"red"');
  });

  it('takes the model’s JSON string and rejects JSON that is not an object', async () => {
    const { t, seen } = tool(z.object({ a: z.number() }));
    expect((await t.call('{"a": 1}')).ok).toBe(true);
    expect(seen).toEqual([{ a: 1 }]);
    for (const bad of ['{"a": ', '[1,2]', 7, true]) {
      const r = await t.call(bad);
      expect(r.ok ? null : r.error.code).toBe('VALIDATION_FAILED');
    }
    const r = await t.call('not json');
    expect(r.ok ? '' : r.error.message).toBe('The arguments are not valid JSON.');
  });

  it('treats missing arguments as an empty object for tools without required arguments', async () => {
    const { t } = tool(z.object({ verbose: z.boolean().optional() }));
    expect((await t.call(undefined)).ok).toBe(true);
    expect((await t.call('')).ok).toBe(true);
    expect((await t.call(null)).ok).toBe(true);
  });

  it('does not echo long values back to the model in full', async () => {
    const { t } = tool(z.object({ n: z.number() }));
    const r = await t.call({ n: 'x'.repeat(10_000) });
    if (r.ok) throw new Error('expected a block');
    expect(r.error.message.length).toBeLessThan(120);
  });
});
