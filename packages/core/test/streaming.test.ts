import { describe, expect, it } from 'vitest';
import { type AuditRecord, createAirlock, z } from '../src/index.js';
import { testEmail } from './fixtures/test-recognizers.js';

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

function streaming(parts: readonly string[], options: Parameters<typeof createAirlock>[0] = {}) {
  const records: AuditRecord[] = [];
  const airlock = createAirlock({
    recognizers: [testEmail],
    audit: { sink: { write: (r) => void records.push(r) } },
    ...options,
  });
  const tool = airlock.tool({
    name: 'tail_log',
    description: 'Streams a log',
    input: z.object({ lines: z.number().int() }),
    async *run() {
      for (const p of parts) yield p;
    },
  });
  return { airlock, tool, records };
}

describe('streaming', () => {
  it('masks a value split across two chunks', async () => {
    const { tool } = streaming(['contact john.smith@exa', 'mple.com now, or ', 'ann@example.org']);
    const s = await tool.stream({ lines: 3 });
    if (!s.ok) throw new Error('blocked');
    const text = (await collect(s.chunks)).join('');
    expect(text).toBe('contact [REDACTED:EMAIL] now, or [REDACTED:EMAIL]');
    const summary = await s.result;
    expect(summary).toMatchObject({ ok: true, truncated: false });
    expect(summary.ok && summary.findings.map((f) => [f.value, f.start])).toEqual([
      ['john.smith@example.com', 8],
      ['ann@example.org', 39],
    ]);
  });

  it('masks a value split over many one-character chunks', async () => {
    const { tool } = streaming([...'mail: someone@example.com.']);
    const s = await tool.stream({ lines: 1 });
    if (!s.ok) throw new Error('blocked');
    expect((await collect(s.chunks)).join('')).toBe('mail: [REDACTED:EMAIL].');
  });

  it('checks run before the first chunk: a ghost argument never starts the stream', async () => {
    let started = false;
    const airlock = createAirlock();
    const tool = airlock.tool({
      name: 's',
      description: 'd',
      input: z.object({}),
      async *run() {
        started = true;
        yield 'x';
      },
    });
    const s = await tool.stream({ extra: 1 });
    expect(s.ok ? null : s.error.code).toBe('GHOST_ARGUMENTS');
    expect(started).toBe(false);
  });

  it('truncation is cumulative and the total never passes the limit', async () => {
    for (const max of [5, 20, 47, 100]) {
      const { tool } = streaming(
        Array.from({ length: 30 }, (_, i) => `chunk ${i} `),
        { output: { maxChars: max } },
      );
      const s = await tool.stream({ lines: 1 });
      if (!s.ok) throw new Error('blocked');
      const text = (await collect(s.chunks)).join('');
      expect(text.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(await s.result).toMatchObject({ ok: true, truncated: true });
    }
  });

  it('a stream that fits exactly is not truncated', async () => {
    const { tool } = streaming(['abcde', 'fghij'], { output: { maxChars: 10 } });
    const s = await tool.stream({ lines: 1 });
    if (!s.ok) throw new Error('blocked');
    expect((await collect(s.chunks)).join('')).toBe('abcdefghij');
    expect(await s.result).toMatchObject({ truncated: false });
  });

  it('a producer that throws ends the stream cleanly with TOOL_FAILED; one audit record per stream', async () => {
    const records: AuditRecord[] = [];
    const airlock = createAirlock({ audit: { sink: { write: (r) => void records.push(r) } } });
    const tool = airlock.tool({
      name: 's',
      description: 'd',
      input: z.object({}),
      async *run() {
        yield 'first ';
        throw new Error('disk gone');
      },
    });
    const s = await tool.stream({});
    if (!s.ok) throw new Error('blocked');
    expect((await collect(s.chunks)).join('')).toBe('first ');
    expect(await s.result).toMatchObject({ ok: false, error: { code: 'TOOL_FAILED' } });
    await airlock.close();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      streamed: true,
      outcome: 'failed',
      internalError: 'Error: disk gone',
    });
  });

  it('a consumer that stops early stops the producer and still writes the audit record', async () => {
    let closed = false;
    const { airlock, tool, records } = streaming([]);
    const infinite = airlock.tool({
      name: 'forever',
      description: 'd',
      input: z.object({}),
      async *run() {
        try {
          for (let i = 0; ; i++) yield `${i} `.repeat(100);
        } finally {
          closed = true;
        }
      },
    });
    void tool;
    const s = await infinite.stream({});
    if (!s.ok) throw new Error('blocked');
    for await (const _ of s.chunks) break;
    expect(closed).toBe(true);
    await s.result;
    await airlock.close();
    expect(records.filter((r) => r.tool === 'forever')).toHaveLength(1);
  });
});

describe('streaming failures', () => {
  it('delivers what was held back for the limit marker when the producer fails', async () => {
    // 25 chars: the cutter holds back all but 12 (room for its marker) until the stream ends.
    const airlock = createAirlock({ defaultRecognizers: false, output: { maxChars: 25 } });
    const tool = airlock.tool({
      name: 's',
      description: 'd',
      input: z.object({}),
      async *run() {
        yield 'all of this arrives';
        throw new Error('gone');
      },
    });
    const s = await tool.stream({});
    if (!s.ok) throw new Error('blocked');
    const chunks: string[] = [];
    for await (const c of s.chunks) chunks.push(c);
    expect(chunks.join('')).toBe('all of this arrives');
    expect(await s.result).toMatchObject({ ok: false, error: { code: 'TOOL_FAILED' } });
  });
});
