import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { NodeSandbox } from '../src/index.js';

const sandbox = new NodeSandbox({ poolSize: 2, timeoutMs: 5_000 });
afterAll(() => sandbox.close());

const run = (code: string, extra: Partial<Parameters<NodeSandbox['run']>[0]> = {}) =>
  sandbox.run({ language: 'javascript', code, ...extra });

describe('NodeSandbox: running code', () => {
  it('gives the code its args and context, and returns its result, stdout and stderr', async () => {
    const r = await run(
      'console.log("sum", args.a + args.b); console.error("note"); return { sum: args.a + args.b, tool: context.tool };',
      {
        args: { a: 2, b: 3 },
        context: { tool: 'calc' },
      },
    );
    expect(r).toMatchObject({
      ok: true,
      result: { sum: 5, tool: 'calc' },
      stdout: 'sum 5\n',
      stderr: 'note\n',
      exitCode: 0,
    });
    expect(r.timings.totalMs).toBeGreaterThan(0);
  });

  it('reports a thrown error, a syntax error and a result that is not JSON', async () => {
    expect(await run('throw new RangeError("too far")')).toMatchObject({
      ok: false,
      failure: 'error',
      error: { name: 'RangeError', message: 'too far' },
    });
    expect(await run('return (')).toMatchObject({
      ok: false,
      failure: 'error',
      error: { name: 'SyntaxError' },
    });
    expect(await run('return 10n')).toMatchObject({ ok: false, failure: 'result' });
    expect(await run('await Promise.reject(new Error("async"))')).toMatchObject({
      ok: false,
      error: { message: 'async' },
    });
  });

  it("passes only the environment it is given: none of the host's", async () => {
    process.env.AIRLOCK_TEST_SECRET = 'host-secret';
    const r = await run('return process.env', { env: { MODE: 'sandbox' } });
    expect(r.result).toEqual({ MODE: 'sandbox' });
    delete process.env.AIRLOCK_TEST_SECRET;
  });

  it('writes the request files into the working directory, and refuses paths that leave it', async () => {
    const r = await run('return require("fs").readFileSync("data/in.csv", "utf8")', {
      files: { 'data/in.csv': 'a,b\n1,2\n' },
    });
    expect(r).toMatchObject({ ok: true, result: 'a,b\n1,2\n' });
    await expect(run('return 1', { files: { '../escape.txt': 'x' } })).rejects.toThrow(
      /outside the sandbox directory/,
    );
  });
});

describe('NodeSandbox: isolation', () => {
  it('keeps no state from one call to the next: globals, files, environment, process', async () => {
    const first = await run(
      'globalThis.secret = "tenant-a"; process.env.LEFT = "1"; require("fs").writeFileSync("secret.txt", "tenant-a"); return { pid: process.pid, dir: process.cwd() }',
    );
    expect(first.ok).toBe(true);
    const { pid, dir } = first.result as { pid: number; dir: string };
    const second = await run(
      'return { g: typeof globalThis.secret, env: process.env.LEFT ?? null, file: require("fs").existsSync("secret.txt"), pid: process.pid, dir: process.cwd() }',
    );
    expect(second.result).toMatchObject({ g: 'undefined', env: null, file: false });
    expect((second.result as { pid: number }).pid).not.toBe(pid);
    expect((second.result as { dir: string }).dir).not.toBe(dir);
    // The first call's directory is removed once it is done.
    for (let i = 0; i < 50 && existsSync(dir); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(dir)).toBe(false);
  });

  it('cannot write outside its directory, nor read host files, even through a symlink', async () => {
    const target = `/etc/airlock-sandbox-probe-${process.pid}`;
    expect(await run(`require("fs").writeFileSync(${JSON.stringify(target)}, "x")`)).toMatchObject({
      ok: false,
      failure: 'permission',
    });
    expect(existsSync(target)).toBe(false);
    expect(await run('return require("fs").readFileSync("/etc/passwd", "utf8")')).toMatchObject({
      ok: false,
      failure: 'permission',
    });
    expect(
      await run(
        'require("fs").symlinkSync("/etc/passwd", "p"); return require("fs").readFileSync("p", "utf8")',
      ),
    ).toMatchObject({
      ok: false,
      failure: 'permission',
    });
  });

  it('cannot start processes or workers, load native addons, or signal the host', async () => {
    expect(await run('return require("child_process").execSync("id").toString()')).toMatchObject({
      ok: false,
      failure: 'permission',
    });
    expect(await run('new (require("worker_threads").Worker)("1", { eval: true })')).toMatchObject({
      ok: false,
      failure: 'permission',
    });
    expect(await run('process.dlopen({ exports: {} }, "/usr/lib/x.node")')).toMatchObject({
      ok: false,
      failure: 'permission',
    });
    expect(await run('process.kill(process.ppid, "SIGKILL")')).toMatchObject({
      ok: false,
      failure: 'permission',
    });
    // Would switch on the host's inspector, reachable over loopback: the one real escape left open by the permission model.
    expect(await run('process._debugProcess(process.ppid)')).toMatchObject({
      ok: false,
      failure: 'permission',
    });
    expect(await run('require("os").setPriority(process.ppid, 19)')).toMatchObject({
      ok: false,
      failure: 'permission',
    });
  });

  it('kills an endless loop at the time limit while the host stays responsive', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const r = await run('while (true) {}', { limits: { timeoutMs: 300 } });
    clearInterval(ticker);
    expect(r).toMatchObject({ ok: false, failure: 'timeout', exitCode: null });
    expect(r.timings.runMs).toBeGreaterThanOrEqual(290);
    expect(ticks).toBeGreaterThan(10);
  });

  it('stops a heap memory bomb and an off-heap (Buffer) memory bomb', {
    timeout: 100_000,
  }, async () => {
    const heap = await run('const a = []; while (true) a.push(new Array(1e6).fill(1.5));', {
      // Generous: near its cap V8 collects over and over, which a loaded CI box slows down.
      limits: { memoryMb: 64, timeoutMs: 40_000 },
    });
    expect(heap).toMatchObject({ ok: false, failure: 'memory' });
    const offHeap = await run('const a = []; while (true) a.push(Buffer.alloc(1e7, 1));', {
      // Generous: near its cap V8 collects over and over, which a loaded CI box slows down.
      limits: { memoryMb: 64, timeoutMs: 40_000 },
    });
    expect(offHeap).toMatchObject({ ok: false, failure: 'memory' });
  });

  it('cuts a huge print to maxOutputBytes and still returns the result', async () => {
    const r = await run(
      'process.stdout.write("x".repeat(20e6)); console.error("tail"); return "done"',
      { limits: { maxOutputBytes: 1000 } },
    );
    expect(r).toMatchObject({ ok: true, result: 'done', outputTruncated: true });
    expect(r.stdout.length + r.stderr.length).toBeLessThanOrEqual(1000);
  });
});

describe('NodeSandbox: pool', () => {
  it('serves warm calls from the pool and replaces every used process', async () => {
    const pool = new NodeSandbox({ poolSize: 1 });
    await pool.warmUp();
    const before = pool.stats();
    expect(before.idle).toBe(1);
    await pool.run({ language: 'javascript', code: 'return 1' });
    await pool.warmUp();
    const after = pool.stats();
    expect(after.warmRuns).toBe(1);
    expect(after.spawned).toBe(before.spawned + 1);
    expect(after.idle).toBe(1);
    await pool.close();
    expect(pool.stats().idle).toBe(0);
    await expect(pool.run({ language: 'javascript', code: 'return 1' })).rejects.toThrow(/closed/);
  });

  it('refuses calls beyond maxConcurrent + maxQueue, and a language it does not run', async () => {
    const small = new NodeSandbox({ poolSize: 0, maxConcurrent: 1, maxQueue: 0 });
    const slow = small.run({
      language: 'javascript',
      code: 'await new Promise((r) => setTimeout(r, 200)); return 1',
    });
    await expect(small.run({ language: 'javascript', code: 'return 2' })).rejects.toThrow(/busy/);
    expect((await slow).result).toBe(1);
    await expect(small.run({ language: 'python', code: 'print(1)' })).rejects.toThrow(
      /javascript only/,
    );
    await small.close();
  });

  it('reports a Node binary it cannot start as unavailable, not as a code failure', async () => {
    const broken = new NodeSandbox({ poolSize: 0, nodePath: '/nonexistent/node' });
    await expect(broken.run({ language: 'javascript', code: 'return 1' })).rejects.toMatchObject({
      name: 'SandboxUnavailableError',
    });
    expect((await broken.health()).ok).toBe(false);
    await broken.close();
  });

  it('reports health with the permission flag in use', async () => {
    const h = await sandbox.health();
    expect(h).toMatchObject({ name: 'sandbox-node', ok: true, critical: false });
    expect(['--permission', '--experimental-permission']).toContain(h.details!.permissionFlag);
  });
});

const unshareWorks = spawnSync('unshare', ['--net', '--map-root-user', 'true']).status === 0;

describe('NodeSandbox: network', () => {
  const fetchCode =
    'try { return await (await fetch(args.url)).text(); } catch (e) { return "unreachable"; }';
  async function withServer<T>(fn: (url: string) => Promise<T>): Promise<T> {
    const server = createServer((_req, res) => res.end('host service'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    } finally {
      server.close();
    }
  }

  it('by default the code reaches the network like the host does (what the README warns about)', async () => {
    const r = await withServer((url) => run(fetchCode, { args: { url } }));
    expect(r).toMatchObject({ ok: true, result: 'host service' });
  });

  it.skipIf(!unshareWorks)(
    'network: none leaves the code without any network (skipped: unshare --net --map-root-user is not available here)',
    async () => {
      const isolated = new NodeSandbox({ poolSize: 0, network: 'none' });
      const r = await withServer((url) =>
        isolated.run({
          language: 'javascript',
          code: fetchCode,
          args: { url },
          limits: { timeoutMs: 5_000 },
        }),
      );
      expect(r).toMatchObject({ ok: true, result: 'unreachable' });
      await isolated.close();
    },
  );
});
