import { existsSync } from 'node:fs';
import { createAirlock, z } from '@airlock/core';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSandbox } from '../src/index.js';

const plugin = nodeSandbox({ poolSize: 2 });
const airlock = createAirlock({ plugins: [plugin] });
afterAll(() => airlock.close());

const runJs = airlock.tool({
  name: 'run_js',
  description: 'Runs JavaScript and returns what it returns',
  input: z.object({ code: z.string().max(20_000), data: z.array(z.number()).max(1000).optional() }),
  // Generous: these tests share two CPUs with everything else; the loop test has its own limit.
  timeoutMs: 40_000,
  sandbox: { limits: { memoryMb: 64, maxOutputBytes: 4_096 } },
});

const loopJs = airlock.tool({
  name: 'loop_js',
  description: 'Runs JavaScript with a short time limit',
  input: z.object({ code: z.string() }),
  timeoutMs: 500,
  sandbox: {},
});

const failureOf = (r: Awaited<ReturnType<typeof runJs.call>>) =>
  r.ok ? 'ok' : `${r.error.code}:${String(r.error.details?.failure)}`;

describe('model-written code through the pipeline', () => {
  it('runs and returns result and output', async () => {
    const r = await runJs.call({
      code: 'console.log("n =", args.data.length); return args.data.reduce((a, b) => a + b, 0)',
      data: [1, 2, 3],
    });
    expect(r).toMatchObject({ ok: true, output: { result: 6, stdout: 'n = 3\n', stderr: '' } });
  });

  it('an endless loop ends in SANDBOX_FAILED (timeout)', async () => {
    const r = await loopJs.call({ code: 'for (;;) {}' });
    expect(failureOf(r)).toBe('SANDBOX_FAILED:timeout');
    expect(r.ok === false && r.error).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/did not finish within 500 ms/),
    });
  });

  it('a memory bomb ends in SANDBOX_FAILED (memory)', async () => {
    const r = await runJs.call({
      code: 'const keep = []; for (;;) keep.push("x".repeat(1e6) + Math.random());',
    });
    expect(failureOf(r)).toBe('SANDBOX_FAILED:memory');
  });

  it('a write to /etc ends in SANDBOX_FAILED (permission) and writes nothing', async () => {
    const path = `/etc/airlock-pipeline-probe-${process.pid}`;
    const r = await runJs.call({
      code: `require("fs").writeFileSync(${JSON.stringify(path)}, "owned")`,
    });
    expect(failureOf(r)).toBe('SANDBOX_FAILED:permission');
    expect(existsSync(path)).toBe(false);
  });

  it('a child_process spawn ends in SANDBOX_FAILED (permission)', async () => {
    const r = await runJs.call({
      code: 'return require("child_process").spawnSync("sh", ["-c", "echo pwned"]).stdout.toString()',
    });
    expect(failureOf(r)).toBe('SANDBOX_FAILED:permission');
  });

  it('a huge print comes back cut, flagged, and within the output limit', async () => {
    const r = await runJs.call({
      code: 'console.log(Array.from({ length: 200000 }, (_, i) => "line " + i).join("\\n")); return "finished"',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const out = r.output as { result: string; stdout: string; outputTruncated?: boolean };
    expect(out.result).toBe('finished');
    expect(out.outputTruncated).toBe(true);
    expect(out.stdout.length).toBeLessThanOrEqual(4_096);
    expect(out.stdout.startsWith('line 0\nline 1\n')).toBe(true);
  });

  it('what one call (one tenant) writes is not visible to the next', async () => {
    const write = await runJs.call(
      {
        code: 'globalThis.cache = "tenant-a secret"; require("fs").writeFileSync("cache.json", "tenant-a secret"); return "stored"',
      },
      { workspaceId: 'tenant-a' },
    );
    expect(write.ok).toBe(true);
    const read = await runJs.call(
      {
        code: 'return [globalThis.cache ?? null, require("fs").existsSync("cache.json") ? require("fs").readFileSync("cache.json", "utf8") : null]',
      },
      { workspaceId: 'tenant-b' },
    );
    expect(read).toMatchObject({ ok: true, output: { result: [null, null] } });
  });
});

describe('checks before the sandbox', () => {
  it('an invalid argument never starts a sandbox process', async () => {
    const provider = nodeSandbox({ poolSize: 0 });
    const guarded = createAirlock({ plugins: [provider], policy: { deniedTools: ['blocked_js'] } });
    const input = z.object({ code: z.string().max(100) });
    const tool = guarded.tool({
      name: 'cold_js',
      description: 'Runs JavaScript',
      input,
      sandbox: {},
    });
    const denied = guarded.tool({
      name: 'blocked_js',
      description: 'Runs JavaScript',
      input,
      sandbox: {},
    });
    const blocked = [
      await tool.call({ code: 123 }),
      await tool.call({ code: 'x'.repeat(101) }),
      await tool.call({ code: 'return 1', extra: 'ghost' }),
      await denied.call({ code: 'return 1' }),
    ];
    expect(blocked.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'GHOST_ARGUMENTS',
      'TOOL_DENIED',
    ]);
    expect(provider.sandbox.stats()).toMatchObject({ spawned: 0, runs: 0 });
    expect((await tool.call({ code: 'return 1' })).ok).toBe(true);
    expect(provider.sandbox.stats()).toMatchObject({ spawned: 1, runs: 1 });
    await guarded.close();
  });
});

describe('functions sent to the sandbox', () => {
  it('runs a self-contained run() in the sandbox, not on the host', async () => {
    const where = airlock.tool({
      name: 'where_am_i',
      description: 'Says which process runs it',
      input: z.object({ greeting: z.string() }),
      sandbox: {},
      run: async ({ greeting }, context) => {
        const fs = require('node:fs');
        let canReadHostFiles = true;
        try {
          fs.readFileSync('/etc/hostname');
        } catch {
          canReadHostFiles = false;
        }
        return { greeting: `${greeting}!`, pid: process.pid, canReadHostFiles, tool: context.tool };
      },
    });
    const r = await where.call({ greeting: 'hello' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.output).toMatchObject({
      greeting: 'hello!',
      canReadHostFiles: false,
      tool: 'where_am_i',
    });
    expect((r.output as { pid: number }).pid).not.toBe(process.pid);
  });

  it('a function that closes over host variables fails cleanly: they do not exist in the sandbox', async () => {
    const hostOnly = 21;
    const tool = airlock.tool({
      name: 'uses_closure',
      description: 'Depends on a host variable',
      input: z.object({ n: z.number() }),
      sandbox: {},
      run: ({ n }) => n * hostOnly,
    });
    const r = await tool.call({ n: 2 });
    expect(r.ok === false && r.error).toMatchObject({
      code: 'SANDBOX_FAILED',
      details: { failure: 'error' },
    });
  });
});
