import { createAirlock, ManualClock, SandboxUnavailableError, z } from '@airlock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  E2BSandbox,
  type E2BSandboxFactory,
  type E2BSandboxOptions,
  e2bSandbox,
} from '../src/index.js';
import { hasPython, LocalSandbox } from './stand-in.js';

const localFactory: E2BSandboxFactory = async (options) => new LocalSandbox(options);
const settle = () => new Promise((r) => setTimeout(r, 5));
const open: E2BSandbox[] = [];
function provider(options: E2BSandboxOptions = {}): E2BSandbox {
  const p = new E2BSandbox({ apiKey: 'e2b_test', factory: localFactory, ...options });
  open.push(p);
  return p;
}

beforeEach(() => {
  LocalSandbox.created = [];
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

describe('E2BSandbox: running code (local stand-in)', () => {
  it.skipIf(!hasPython)(
    'runs python as a notebook cell: args are defined, the last expression is the result (skipped: no local python3 to stand in for the kernel)',
    async () => {
      const p = provider({ pool: { size: 0 } });
      const r = await p.run({
        language: 'python',
        code: 'print("rows", len(args["xs"]))\n{"total": sum(args["xs"]), "who": context["agentId"]}',
        args: { xs: [1, 2, 3] },
        context: { agentId: 'a"1\n' },
      });
      expect(r).toMatchObject({ ok: true, result: { total: 6, who: 'a"1\n' }, stdout: 'rows 3\n' });
      const error = await p.run({ language: 'python', code: '1 / 0' });
      expect(error).toMatchObject({
        ok: false,
        failure: 'error',
        error: { name: 'ZeroDivisionError' },
      });
      expect(error.stderr).toContain('ZeroDivisionError');
    },
  );

  it('runs javascript with the same contract as every Airlock sandbox: a function body, return gives the result', async () => {
    const p = provider({ pool: { size: 0 } });
    const r = await p.run({
      language: 'javascript',
      code: 'console.log("hi"); return { double: args.n * 2 }',
      args: { n: 21 },
      env: { MODE: 'x' },
    });
    expect(r).toMatchObject({ ok: true, result: { double: 42 }, stdout: 'hi\n', exitCode: 0 });
    expect(LocalSandbox.created[0]!.cells[0]!.options).toMatchObject({
      language: 'javascript',
      envs: { MODE: 'x' },
    });
    const thrown = await p.run({ language: 'javascript', code: 'throw new TypeError("nope")' });
    expect(thrown).toMatchObject({
      ok: false,
      failure: 'error',
      error: { name: 'TypeError', message: 'nope' },
    });
    expect(thrown.stderr).toBe('TypeError: nope\n'); // colour codes stripped
  });

  it('writes the request files first, and caps the output', async () => {
    const p = provider({ pool: { size: 0 }, maxOutputBytes: 10 });
    const r = await p.run({
      language: 'javascript',
      code: 'console.log("0123456789abcdef"); return 1',
      files: { 'data.csv': 'a,b' },
    });
    expect(LocalSandbox.created[0]!.files.written.get('data.csv')).toBe('a,b');
    expect(r).toMatchObject({ ok: true, stdout: '0123456789', outputTruncated: true });
  });
});

describe('E2BSandbox: one sandbox per call, warm pool', () => {
  it('uses each sandbox for one call and kills it afterwards', async () => {
    const p = provider({ pool: { size: 0 } });
    await p.run({ language: 'javascript', code: 'globalThis.secret = "tenant-a"; return 1' });
    const second = await p.run({ language: 'javascript', code: 'return typeof globalThis.secret' });
    const [a, b] = LocalSandbox.created;
    expect(a).not.toBe(b);
    expect(a!.cells).toHaveLength(1);
    expect(b!.cells).toHaveLength(1);
    expect(a!.killed && b!.killed).toBe(true);
    expect(second.ok).toBe(true);
    expect(p.stats()).toMatchObject({ created: 2, killed: 2, runs: 2 });
  });

  it('keeps `size` sandboxes ready, serves from them, and replaces each one used', async () => {
    const p = provider({ pool: { size: 2 } });
    await settle();
    expect(p.stats()).toMatchObject({ created: 2, idle: 2 });
    const r = await p.run({ language: 'javascript', code: 'return 1' });
    expect(r.timings.startMs).toBeLessThan(5);
    await settle();
    expect(p.stats()).toMatchObject({ created: 3, idle: 2, warmRuns: 1, killed: 1 });
    // Created with a lifetime that covers waiting in the pool plus a run.
    expect(LocalSandbox.created[0]!.createOptions.timeoutMs).toBeGreaterThan(5 * 60_000);
  });

  it('kills a waiting sandbox older than maxAgeMs instead of using it', async () => {
    const clock = new ManualClock(0);
    const p = provider({ clock, pool: { size: 1, maxAgeMs: 1_000 } });
    await settle();
    const stale = LocalSandbox.created[0]!;
    clock.advance(1_001);
    await p.run({ language: 'javascript', code: 'return 1' });
    expect(stale.killed).toBe(true);
    expect(stale.cells).toHaveLength(0);
    expect(p.stats().warmRuns).toBe(0);
  });

  it('gives up acquiring after acquireTimeoutMs, and kills the sandbox that arrives late', async () => {
    let release!: () => void;
    const late = new Promise<void>((r) => {
      release = r;
    });
    const slowFactory: E2BSandboxFactory = async (o) => {
      await late;
      return new LocalSandbox(o);
    };
    const p = provider({
      factory: slowFactory,
      pool: { size: 0, acquireTimeoutMs: 30 },
      createRetry: false,
    });
    await expect(p.run({ language: 'javascript', code: 'return 1' })).rejects.toThrow(
      /E2B is unavailable: timed out after 30 ms/,
    );
    release();
    await settle();
    expect(LocalSandbox.created[0]!.killed).toBe(true);
  });

  it('stops a run at its time limit and kills the sandbox', async () => {
    const hanging: E2BSandboxFactory = async (o) => {
      const s = new LocalSandbox(o);
      s.behaviour = () => new Promise(() => {});
      return s;
    };
    const q = provider({ factory: hanging, pool: { size: 0 } });
    const r = await q.run({
      language: 'python',
      code: 'while True: pass',
      limits: { timeoutMs: 20 },
    });
    expect(r).toMatchObject({ ok: false, failure: 'timeout' });
    await settle();
    expect(LocalSandbox.created[0]!.killed).toBe(true);
    expect(q.stats()).toMatchObject({ runs: 1, killed: 1 });
  });

  it('close() kills the waiting sandboxes', async () => {
    const p = provider({ pool: { size: 2 } });
    await settle();
    await p.close();
    expect(LocalSandbox.created.every((s) => s.killed)).toBe(true);
    await expect(p.run({ language: 'javascript', code: 'return 1' })).rejects.toThrow(/closed/);
  });
});

describe('E2BSandbox: failures of the service', () => {
  it('says plainly when the API key is missing, and does not create anything', async () => {
    const saved = process.env.E2B_API_KEY;
    delete process.env.E2B_API_KEY;
    try {
      const p = new E2BSandbox({ factory: localFactory });
      open.push(p);
      const error = await p.run({ language: 'python', code: '1' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SandboxUnavailableError);
      expect(error).toMatchObject({
        message: expect.stringMatching(/E2B API key missing: set E2B_API_KEY/),
        retryable: false,
      });
      expect(await p.health()).toMatchObject({
        ok: false,
        details: { error: expect.stringMatching(/API key missing/) },
      });
      expect(LocalSandbox.created).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.E2B_API_KEY = saved;
    }
  });

  it('retries creation, then opens its breaker: the model gets CIRCUIT_OPEN, fast', async () => {
    let attempts = 0;
    const down: E2BSandboxFactory = async () => {
      attempts++;
      throw new Error('fetch failed: ECONNREFUSED api.e2b.app');
    };
    const clock = new ManualClock(0);
    const plugin = e2bSandbox({
      apiKey: 'e2b_test',
      factory: down,
      clock,
      pool: { size: 0 },
      createRetry: { maxRetries: 2, baseDelay: 1, maxDelay: 2 },
      createBreaker: { failureThreshold: 3, recoveryTimeout: '30s' },
    });
    const airlock = createAirlock({ plugins: [plugin] });
    const tool = airlock.tool({
      name: 'run_python',
      description: 'Runs Python',
      input: z.object({ code: z.string() }),
      sandbox: { language: 'python' },
    });
    const first = await tool.call({ code: '1 + 1' });
    expect(attempts).toBe(3); // one try and two retries
    expect(first.ok === false && first.error).toMatchObject({
      code: 'SANDBOX_FAILED',
      retryable: true,
      details: { failure: 'unavailable' },
    });
    const second = await tool.call({ code: '1 + 1' });
    expect(attempts).toBe(3); // the breaker did not even try
    expect(second.ok === false && second.error).toMatchObject({
      code: 'CIRCUIT_OPEN',
      retryAfterMs: 30_000,
      details: { breaker: 'e2b:create' },
    });
    expect(await plugin.sandbox.health()).toMatchObject({
      ok: false,
      details: { breaker: 'open' },
    });
    await airlock.close();
  });

  it('does not retry or count a rejected API key, and says so', async () => {
    let attempts = 0;
    const rejected: E2BSandboxFactory = async () => {
      attempts++;
      throw Object.assign(new Error('Invalid API key'), { name: 'AuthenticationError' });
    };
    const p = provider({
      factory: rejected,
      pool: { size: 0 },
      createBreaker: { failureThreshold: 1 },
    });
    for (let i = 0; i < 2; i++) {
      await expect(p.run({ language: 'python', code: '1' })).rejects.toMatchObject({
        message: 'E2B rejected the API key: Invalid API key',
        retryable: false,
      });
    }
    expect(attempts).toBe(2);
  });
});

describe('E2BSandbox: the real service', () => {
  it.skipIf(!process.env.E2B_API_KEY)(
    'runs python and javascript on E2B (skipped: E2B_API_KEY is not set)',
    async () => {
      const p = new E2BSandbox({ pool: { size: 1 } });
      open.push(p);
      const py = await p.run({
        language: 'python',
        code: 'sum(args["xs"])',
        args: { xs: [1, 2, 3] },
        limits: { timeoutMs: 60_000 },
      });
      expect(py).toMatchObject({ ok: true });
      expect(String(py.result)).toBe('6');
      const js = await p.run({
        language: 'javascript',
        code: 'return args.n * 2',
        args: { n: 21 },
        limits: { timeoutMs: 60_000 },
      });
      expect(js).toMatchObject({ ok: true });
      expect(String(js.result)).toBe('42');
    },
    120_000,
  );
});
