import { describe, expect, it } from 'vitest';
import { createAirlock, z } from '../src/index.js';

const input = z.object({
  order: z.object({
    id: z.number().int(),
    lines: z.array(
      z.object({
        sku: z.string(),
        qty: z.number().int(),
        meta: z.object({ note: z.string() }).optional(),
      }),
    ),
  }),
});

function setup(ghostArgs?: 'strict' | 'permissive') {
  const airlock = createAirlock(ghostArgs ? { ghostArgs } : {});
  const received: unknown[] = [];
  const tool = airlock.tool({
    name: 'place_order',
    description: 'Place an order',
    input,
    run: (args) => {
      received.push(args);
      return 'placed';
    },
  });
  return { tool, received };
}

const valid = { order: { id: 1, lines: [{ sku: 'A', qty: 1, meta: { note: 'x' } }] } };

describe('ghost arguments', () => {
  it('strict mode blocks unknown keys at depth 3 and inside arrays, naming each with its path', async () => {
    const { tool, received } = setup();
    const r = await tool.call({
      order: {
        id: 1,
        discount: 50,
        lines: [
          { sku: 'A', qty: 1, meta: { note: 'x', priority: 'high' } },
          { sku: 'B', qty: 2, free: true },
        ],
      },
      force: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('GHOST_ARGUMENTS');
    expect(r.error.details?.ghostArguments).toEqual([
      'order.discount',
      'order.lines[0].meta.priority',
      'order.lines[1].free',
      'force',
    ]);
    expect(r.error.issues?.map((i) => i.path)).toContainEqual([
      'order',
      'lines',
      0,
      'meta',
      'priority',
    ]);
    expect(r.error.message).toContain("'order.lines[0].meta.priority'");
    expect(r.error.retryable).toBe(true);
    // The corrected call is the same call without the ghosts, and the schema accepts it.
    const corrected = r.error.fixHints.find((h) => h.startsWith('Corrected call: '));
    expect(JSON.parse(corrected!.slice('Corrected call: '.length))).toEqual({
      order: {
        id: 1,
        lines: [
          { sku: 'A', qty: 1, meta: { note: 'x' } },
          { sku: 'B', qty: 2 },
        ],
      },
    });
    expect(received).toHaveLength(0);
  });

  it('permissive mode strips them, runs the tool with the clean arguments and reports it', async () => {
    const events: unknown[] = [];
    const records: unknown[] = [];
    const airlock = createAirlock({
      ghostArgs: 'permissive',
      observers: [{ onEvent: (e) => void events.push(e) }],
      audit: { sink: { write: (r) => void records.push(r) } },
    });
    const received: unknown[] = [];
    const tool = airlock.tool({
      name: 'place_order',
      description: 'Place an order',
      input,
      run: (a) => void received.push(a),
    });
    const r = await tool.call({
      order: { ...valid.order, lines: [{ sku: 'A', qty: 1, gift: true }] },
      force: true,
    });
    expect(r.ok).toBe(true);
    expect(received).toEqual([{ order: { id: 1, lines: [{ sku: 'A', qty: 1 }] } }]);
    await airlock.close();
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'ghost_args_stripped',
        data: { arguments: ['order.lines[0].gift', 'force'] },
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        strippedArgs: ['order.lines[0].gift', 'force'],
        outcome: 'allowed',
      }),
    );
  });

  it('a tool can override the airlock mode', async () => {
    const airlock = createAirlock({ ghostArgs: 'strict' });
    const tool = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({ a: z.number() }),
      ghostArgs: 'permissive',
      run: (a) => a,
    });
    expect(await tool.call({ a: 1, b: 2 })).toMatchObject({ ok: true, output: { a: 1 } });
  });

  it('loose objects and records accept extra keys; unions use the closest option', async () => {
    const airlock = createAirlock();
    const tool = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({
        labels: z.record(z.string(), z.string()),
        extra: z.looseObject({ known: z.number() }),
        target: z.union([z.object({ email: z.string() }), z.object({ phone: z.string() })]),
      }),
      run: (a) => a,
    });
    expect(
      (
        await tool.call({
          labels: { any: 'x' },
          extra: { known: 1, other: 2 },
          target: { phone: '1' },
        })
      ).ok,
    ).toBe(true);
    const r = await tool.call({
      labels: {},
      extra: { known: 1 },
      target: { phone: '1', fax: '2' },
    });
    expect(r.ok ? null : r.error.details?.ghostArguments).toEqual(['target.fax']);
  });

  for (const mode of ['strict', 'permissive'] as const) {
    it(`__proto__, constructor and prototype never reach the tool nor pollute (${mode})`, async () => {
      const { tool, received } = setup(mode);
      const raw =
        '{"order":{"id":1,"lines":[{"sku":"A","qty":1,"__proto__":{"polluted":true}}],"constructor":{"prototype":{"polluted":true}}},"__proto__":{"polluted":true}}';
      const asObject = JSON.parse(raw);
      for (const args of [raw, asObject]) {
        const r = await tool.call(args);
        if (mode === 'strict') {
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.error.code).toBe('GHOST_ARGUMENTS');
            expect(r.error.details?.ghostArguments).toEqual([
              'order.lines[0].__proto__',
              'order.constructor',
              '__proto__',
            ]);
          }
        } else {
          expect(r.ok).toBe(true);
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
      for (const args of received) {
        expect(JSON.stringify(args)).not.toContain('polluted');
        expect(Object.getPrototypeOf(args)).toBe(Object.prototype);
      }
      if (mode === 'permissive') expect(received).toHaveLength(2);
    });
  }

  it('prototype keys are refused even under z.any() and records', async () => {
    const airlock = createAirlock({ ghostArgs: 'permissive' });
    const seen: unknown[] = [];
    const tool = airlock.tool({
      name: 't',
      description: 'd',
      input: z.object({ blob: z.any(), map: z.record(z.string(), z.unknown()) }),
      run: (a) => void seen.push(a),
    });
    const r = await tool.call(
      JSON.parse('{"blob":{"__proto__":{"x":1},"ok":1},"map":{"constructor":1,"fine":2}}'),
    );
    expect(r.ok).toBe(true);
    expect(seen).toEqual([{ blob: { ok: 1 }, map: { fine: 2 } }]);
  });

  it('never mutates the caller’s arguments', async () => {
    const { tool } = setup('permissive');
    const args = { order: { id: 1, lines: [{ sku: 'A', qty: 1, gift: true }] }, force: true };
    const before = JSON.stringify(args);
    await tool.call(args);
    expect(JSON.stringify(args)).toBe(before);
  });
});
