import { describe, expect, it } from 'vitest';
import { AirlockConfigError, createAirlock, z } from '../src/index.js';

describe('start-up validation', () => {
  it('rejects bad options naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ ghostArgs: 'loose' }, /ghostArgs/],
      [{ output: { maxChars: -1 } }, /output\.maxChars/],
      [{ output: { maxChars: 10, mask: 'yes' } }, /output\.mask/],
      [{ output: { strategies: { email: 'shred' } } }, /output\.strategies\.email/],
      [{ output: { hashKey: 'short' } }, /hashKey must be at least 16/],
      [{ timeoutMs: 0 }, /timeoutMs/],
      [{ plugins: [{ name: '' }] }, /plugin name/],
      [
        { plugins: [{ name: 'redis', rateLimitStore: {} }] },
        /rateLimitStore must be an object with decide\(\)/,
      ],
      [{ audit: {} }, /audit: needs a path or a sink/],
      [{ polcy: {} }, /unknown field\(s\) 'polcy'/],
      [{ onTruncate: 5 }, /onTruncate must be a function/],
    ];
    for (const [options, message] of cases) {
      expect(() => createAirlock(options as never), JSON.stringify(options)).toThrow(message);
      expect(() => createAirlock(options as never)).toThrow(AirlockConfigError);
    }
  });

  it('rejects a plugin installed twice', () => {
    expect(() => createAirlock({ plugins: [{ name: 'p' }, { name: 'p' }] })).toThrow(
      /installed twice/,
    );
  });

  it('rejects bad tool definitions naming the tool and field', () => {
    const airlock = createAirlock();
    const base = { name: 'ok_tool', description: 'd', input: z.object({}), run: () => 1 };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: 'has space' }, /tool 'has space'\.name: name must be 1-64 characters/],
      [{ name: 'x'.repeat(65) }, /name must be 1-64/],
      [{ description: '  ' }, /description/],
      [{ input: z.string() }, /input must be a zod 4 object schema/],
      [{ input: { type: 'object' } }, /input must be a zod 4 object schema/],
      [{ run: 'nope' }, /run must be a function/],
      [{ timeoutMs: -5 }, /timeoutMs/],
      [{ output: { maxChars: 1.5 } }, /output\.maxChars/],
    ];
    for (const [override, message] of cases) {
      expect(() => airlock.tool({ ...base, ...override } as never)).toThrow(message);
    }
    airlock.tool(base);
    expect(() => airlock.tool(base)).toThrow(/already defined/);
  });

  it('wrap guards an existing function', async () => {
    const airlock = createAirlock();
    const add = (args: { a: number; b: number }) => args.a + args.b;
    const t = airlock.wrap(add, {
      name: 'add',
      description: 'Adds',
      input: z.object({ a: z.number(), b: z.number() }),
    });
    expect(await t.call({ a: 1, b: 2 })).toMatchObject({ ok: true, output: 3 });
    expect((await t.call({ a: 1, b: '2' })).ok).toBe(false);
    expect(() =>
      airlock.wrap('x' as never, { name: 'y', description: 'd', input: z.object({}) }),
    ).toThrow(/function/);
  });

  it('runWithContext validates its context', () => {
    const airlock = createAirlock();
    expect(() => airlock.runWithContext({ roles: [1] } as never, () => 1)).toThrow(
      /context\.roles/,
    );
    expect(airlock.runWithContext({ roles: ['a'] }, () => 7)).toBe(7);
  });
});

describe('output.mask', () => {
  it("accepts a strategy name as in DESIGN.md's `output: { mask: 'partial' }`", async () => {
    const { testEmail } = await import('./fixtures/test-recognizers.js');
    const airlock = createAirlock({ recognizers: [testEmail], output: { mask: 'partial' } });
    const t = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({}),
      run: () => 'mail ann@example.com',
    });
    expect(await t.call({})).toMatchObject({ ok: true, output: 'mail ***@example.com' });
    const off = createAirlock({ recognizers: [testEmail], output: { mask: false } });
    const u = off.tool({
      name: 'u',
      description: 'd',
      input: z.object({}),
      run: () => 'mail ann@example.com',
    });
    expect(await u.call({})).toMatchObject({ ok: true, output: 'mail ann@example.com' });
  });
});
