import { describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  createAirlock,
  defineRecognizer,
  type SandboxProvider,
  type SandboxRunRequest,
  type SandboxRunResult,
  SandboxUnavailableError,
  z,
} from '../../src/index.js';

/**
 * A provider that records requests and answers what the test says. Core cannot depend on a
 * sandbox package; the real providers are tested against this same contract in their packages.
 */
function recordingProvider(
  answer: (req: SandboxRunRequest) => SandboxRunResult | Promise<SandboxRunResult> = () =>
    ok({ result: 1 }),
) {
  const requests: SandboxRunRequest[] = [];
  const provider: SandboxProvider = {
    name: 'recording',
    languages: ['javascript', 'python'],
    run: async (req) => {
      requests.push(req);
      return answer(req);
    },
  };
  return { provider, requests };
}

function ok(extra: Partial<SandboxRunResult> = {}): SandboxRunResult {
  return {
    ok: true,
    stdout: '',
    stderr: '',
    exitCode: 0,
    timings: { startMs: 0, runMs: 1, totalMs: 1 },
    ...extra,
  };
}

// A recognizer of its own, so these tests do not depend on which detectors core ships.
const email = defineRecognizer({
  name: 'test-email',
  type: 'email',
  patterns: [{ name: 'simple', regex: /[a-z]+@[a-z]+\.com/, score: 0.9 }],
});

const codeInput = z.object({ code: z.string().max(10_000), rows: z.number().int().optional() });

describe('sandboxed tools: declaration', () => {
  it('needs a provider, a code argument, and a language the provider runs', () => {
    const airlock = createAirlock();
    expect(() =>
      airlock.tool({ name: 'run_js', description: 'd', input: codeInput, sandbox: {} }),
    ).toThrow(/tool 'run_js'.sandbox: no sandbox provider: add one to plugins/);
    const { provider } = recordingProvider();
    const js = createAirlock({ sandbox: { ...provider, languages: ['javascript'] } });
    expect(() =>
      js.tool({
        name: 'run_py',
        description: 'd',
        input: codeInput,
        sandbox: { language: 'python' },
      }),
    ).toThrow(/provider 'recording' does not run python/);
    expect(() =>
      js.tool({
        name: 'run_js',
        description: 'd',
        input: z.object({ source: z.string() }),
        sandbox: {},
      }),
    ).toThrow(/needs a required string argument 'code'/);
    expect(() =>
      js.tool({
        name: 'run_js2',
        description: 'd',
        input: z.object({ source: z.string() }),
        sandbox: { codeArg: 'source' },
      }),
    ).not.toThrow();
    expect(() =>
      js.tool({
        name: 'run_js3',
        description: 'd',
        input: codeInput,
        sandbox: { files: { '../x': '' } },
      }),
    ).toThrow(/'..\/x' must be a relative path inside the sandbox directory/);
  });

  it('refuses functions whose source cannot be sent', () => {
    const { provider } = recordingProvider();
    const airlock = createAirlock({ sandbox: provider });
    const input = z.object({ n: z.number() });
    const holder = {
      run(args: { n: number }) {
        return args.n;
      },
    };
    expect(() =>
      airlock.tool({ name: 'a', description: 'd', input, sandbox: {}, run: holder.run }),
    ).toThrow(/arrow function or a function expression/);
    expect(() =>
      airlock.tool({
        name: 'b',
        description: 'd',
        input,
        sandbox: {},
        run: ((a: { n: number }) => a.n).bind(null),
      }),
    ).toThrow(/bound or built-in/);
    expect(() =>
      airlock.tool({
        name: 'c',
        description: 'd',
        input,
        sandbox: { language: 'python' },
        run: (a) => a.n,
      }),
    ).toThrow(/only javascript functions/);
  });
});

describe('sandboxed tools: calls', () => {
  it('never starts the sandbox for an invalid, ghost-laden or denied call', async () => {
    const { provider, requests } = recordingProvider();
    const airlock = createAirlock({ sandbox: provider, policy: { deniedTools: ['run_denied'] } });
    const tool = airlock.tool({
      name: 'run_js',
      description: 'Runs JavaScript',
      input: codeInput,
      sandbox: {},
    });
    const denied = airlock.tool({
      name: 'run_denied',
      description: 'Runs JavaScript',
      input: codeInput,
      sandbox: {},
    });
    const results = [
      await tool.call({ code: 42 }),
      await tool.call({ code: 'return 1', rows: 1.5 }),
      await tool.call({ code: 'return 1', env: { NODE_OPTIONS: '--inspect' } }),
      await tool.call('{not json'),
      await denied.call({ code: 'return 1' }),
    ];
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
      'GHOST_ARGUMENTS',
      'VALIDATION_FAILED',
      'TOOL_DENIED',
    ]);
    expect(requests).toHaveLength(0);
  });

  it('sends the code, the other arguments, a JSON context and the time limit', async () => {
    const { provider, requests } = recordingProvider(() =>
      ok({ result: { sum: 3 }, stdout: 'hi\n' }),
    );
    const airlock = createAirlock({ sandbox: provider });
    const tool = airlock.tool({
      name: 'run_js',
      description: 'd',
      input: codeInput,
      timeoutMs: 1234,
      sandbox: { limits: { memoryMb: 64 }, env: { MODE: 'test' } },
    });
    const r = await tool.call(
      { code: 'return args.rows + 2', rows: 1 },
      { agentId: 'a1', roles: ['analyst'] },
    );
    expect(r).toMatchObject({
      ok: true,
      output: { result: { sum: 3 }, stdout: 'hi\n', stderr: '' },
    });
    expect(requests[0]).toMatchObject({
      language: 'javascript',
      code: 'return args.rows + 2',
      args: { rows: 1 },
      context: { tool: 'run_js', agentId: 'a1', roles: ['analyst'] },
      limits: { memoryMb: 64, timeoutMs: 1234 },
      env: { MODE: 'test' },
    });
    expect(requests[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('sends a function tool as source, and gives its return value as output', async () => {
    const { provider, requests } = recordingProvider(() => ok({ result: 42 }));
    const airlock = createAirlock({ sandbox: provider });
    const tool = airlock.tool({
      name: 'double',
      description: 'd',
      input: z.object({ n: z.number() }),
      sandbox: {},
      run: ({ n }) => n * 2,
    });
    const r = await tool.call({ n: 21 });
    expect(r).toMatchObject({ ok: true, output: 42 });
    expect(requests[0]!.code).toMatch(/^return \(.*n \* 2.*\)\(args, context\);$/s);
    expect(requests[0]!.args).toEqual({ n: 21 });
    const stream = await tool.stream({ n: 1 });
    expect(stream.ok === false && stream.error.details).toEqual({ reason: 'not_streamable' });
    expect(requests).toHaveLength(1);
  });

  it('masks PII in the output and in the error a model reads', async () => {
    const { provider } = recordingProvider((req) =>
      req.code === 'fail'
        ? {
            ...ok(),
            ok: false,
            failure: 'error',
            exitCode: 1,
            stderr: 'contact ann@example.com\n',
            error: { name: 'Error', message: 'no access for ann@example.com' },
          }
        : ok({ stdout: 'mail ann@example.com' }),
    );
    const airlock = createAirlock({ sandbox: provider, recognizers: [email] });
    const tool = airlock.tool({ name: 'run_js', description: 'd', input: codeInput, sandbox: {} });
    const good = await tool.call({ code: 'print' });
    expect(good.ok && (good.output as { stdout: string }).stdout).toBe('mail [REDACTED:EMAIL]');
    const bad = await tool.call({ code: 'fail' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toMatchObject({
      code: 'SANDBOX_FAILED',
      retryable: true,
      details: { failure: 'error' },
    });
    expect(JSON.stringify(bad.error)).not.toContain('ann@example.com');
    expect(bad.error.message).toContain('no access for [REDACTED:EMAIL]');
  });

  it('a code failure never trips the breaker; an unavailable sandbox does, and is retried when idempotent', async () => {
    let down = false;
    let runs = 0;
    const { provider } = recordingProvider(() => {
      runs++;
      if (down) throw new SandboxUnavailableError('cannot start a sandbox');
      return { ...ok(), ok: false, failure: 'timeout', exitCode: null };
    });
    const airlock = createAirlock({ sandbox: provider });
    const tool = airlock.tool({
      name: 'run_js',
      description: 'd',
      input: codeInput,
      idempotent: true,
      sandbox: { limits: { timeoutMs: 50 } },
      breaker: { failureThreshold: 2 },
      retry: { maxRetries: 1, baseDelay: 1, maxDelay: 1 },
    });
    for (let i = 0; i < 4; i++) {
      const r = await tool.call({ code: 'while(true){}' });
      expect(r.ok === false && r.error).toMatchObject({
        code: 'SANDBOX_FAILED',
        details: { failure: 'timeout' },
      });
      expect(r.ok === false && r.error.message).toMatch(/did not finish within 50 ms/);
    }
    expect(runs).toBe(4); // code failures are not retried either
    down = true;
    const unavailable = await tool.call({ code: 'return 1' });
    expect(runs).toBe(6); // one retry; both attempts count, so the breaker opened
    expect(unavailable.ok === false && unavailable.error).toMatchObject({
      code: 'SANDBOX_FAILED',
      retryable: true,
      details: { failure: 'unavailable' },
    });
    const open = await tool.call({ code: 'return 1' });
    expect(runs).toBe(6);
    expect(open.ok === false && open.error.code).toBe('CIRCUIT_OPEN');
  });

  it("maps the provider's own open breaker to CIRCUIT_OPEN", async () => {
    const { provider } = recordingProvider(() => {
      throw new CircuitOpenError('e2b:create', 4_000);
    });
    const airlock = createAirlock({ sandbox: provider });
    const tool = airlock.tool({ name: 'run_js', description: 'd', input: codeInput, sandbox: {} });
    const r = await tool.call({ code: 'return 1' });
    expect(r.ok === false && r.error).toMatchObject({
      code: 'CIRCUIT_OPEN',
      retryAfterMs: 4_000,
      details: { breaker: 'e2b:create' },
    });
  });

  it('a provider that hangs past its limit is given up on, and the call says so', async () => {
    let aborted = false;
    const provider: SandboxProvider = {
      name: 'hangs',
      languages: ['javascript'],
      run: (req) =>
        new Promise(() => {
          req.signal?.addEventListener('abort', () => {
            aborted = true;
          });
        }),
    };
    const airlock = createAirlock({ sandbox: provider });
    const tool = airlock.tool({
      name: 'run_js',
      description: 'd',
      input: codeInput,
      sandbox: { limits: { timeoutMs: 1 } },
    });
    const r = await tool.call({ code: 'return 1' });
    expect(r.ok === false && r.error).toMatchObject({
      code: 'SANDBOX_FAILED',
      details: { failure: 'provider_timeout' },
    });
    expect(aborted).toBe(true);
  }, 10_000);
});
