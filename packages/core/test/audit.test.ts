import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditRecord, createAirlock, z } from '../src/index.js';
import { testEmail } from './fixtures/test-recognizers.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'airlock-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readLines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);

describe('audit log', () => {
  it('writes one valid JSON line per call, blocked or not, with no header', async () => {
    const path = join(dir, 'one.jsonl');
    const airlock = createAirlock({
      audit: { path },
      policy: { toolRoles: { refund: ['billing'] } },
    });
    const lookup = airlock.tool({
      name: 'lookup',
      description: 'd',
      input: z.object({ id: z.number() }),
      run: ({ id }) => ({ id }),
    });
    const refund = airlock.tool({
      name: 'refund',
      description: 'd',
      input: z.object({}),
      run: () => 'ok',
    });
    await lookup.call(
      { id: 1 },
      { agentId: 'a1', workspaceId: 'w1', userId: 'u1', conversationId: 'c1' },
    );
    await lookup.call({ id: 'x' });
    await lookup.call({ id: 1, ghost: 1 });
    await refund.call({}, { roles: ['support'] });
    await airlock.close();
    const lines = readLines(path);
    expect(lines).toHaveLength(4);
    const records = lines.map((l) => JSON.parse(l) as AuditRecord);
    expect(records.map((r) => [r.tool, r.outcome, r.code])).toEqual([
      ['lookup', 'allowed', undefined],
      ['lookup', 'blocked', 'VALIDATION_FAILED'],
      ['lookup', 'blocked', 'GHOST_ARGUMENTS'],
      ['refund', 'blocked', 'ROLE_DENIED'],
    ]);
    expect(records[0]).toMatchObject({
      agentId: 'a1',
      workspaceId: 'w1',
      userId: 'u1',
      conversationId: 'c1',
      argsPreview: '{"id":1}',
      outputPreview: '{"id":1}',
      sanitizedCount: 0,
      truncated: false,
    });
    expect(new Date(records[0]!.time).toISOString()).toBe(records[0]!.time);
    expect(records[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('masks argument and output previews and redacts secret-named argument values', async () => {
    const records: AuditRecord[] = [];
    const airlock = createAirlock({
      recognizers: [testEmail],
      audit: { sink: { write: (r) => void records.push(r) } },
    });
    const t = airlock.tool({
      name: 'notify',
      description: 'd',
      input: z.object({ to: z.string(), apiKey: z.string(), author: z.string() }),
      run: ({ to }) => ({ sentTo: to }),
    });
    await t.call({ to: 'ann@example.com', apiKey: 'sk-live-123456', author: 'Ann' });
    await airlock.close();
    const line = JSON.stringify(records[0]);
    expect(line).not.toContain('ann@example.com');
    expect(line).not.toContain('sk-live-123456');
    expect(records[0]!.argsPreview).toContain('"author":"Ann"');
    expect(records[0]!.outputPreview).toContain('[REDACTED:EMAIL]');
    expect(records[0]!.findings).toEqual({ email: 1 });
  });

  it('4 processes writing 10,000 lines each to one file yield 40,000 valid lines', async () => {
    const path = join(dir, 'shared.jsonl');
    const writer = join(import.meta.dirname, 'fixtures', 'audit-writer.ts');
    const tsx = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');
    await Promise.all(
      [1, 2, 3, 4].map((w) => run(tsx, [writer, path, '10000', String(w)], { timeout: 120_000 })),
    );
    const lines = readLines(path);
    expect(lines).toHaveLength(40_000);
    const perWorker = new Map<string, Set<number>>();
    for (const line of lines) {
      const r = JSON.parse(line) as AuditRecord;
      const out = JSON.parse(r.outputPreview!) as { worker: string; i: number };
      if (!perWorker.has(out.worker)) perWorker.set(out.worker, new Set());
      perWorker.get(out.worker)!.add(out.i);
    }
    expect([...perWorker.values()].map((s) => s.size)).toEqual([10_000, 10_000, 10_000, 10_000]);
  }, 180_000);

  it('a failing sink never breaks a call', async () => {
    const errors: string[] = [];
    const airlock = createAirlock({
      audit: {
        sink: {
          write: () => {
            throw new Error('disk full');
          },
        },
      },
      onObserverError: (_e, source) => void errors.push(source),
    });
    const t = airlock.tool({ name: 't', description: 'd', input: z.object({}), run: () => 1 });
    expect(await t.call({})).toMatchObject({ ok: true, output: 1 });
    expect(errors).toEqual(['audit']);
  });
});
