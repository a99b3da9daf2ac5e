import {
  type CallPolicies,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  CircuitOpenError,
  type Clock,
  createCircuitBreaker,
  type HealthReport,
  type RetryOptions,
  resiliencePolicies,
  type SandboxLanguage,
  type SandboxProvider,
  type SandboxRunRequest,
  type SandboxRunResult,
  SandboxUnavailableError,
  systemClock,
  TimeoutError,
  withResilience,
  withTimeout,
} from '@airlock/core';
import { buildCell, toRunResult } from './e2b-code.js';
import { type E2BSandboxFactory, type E2BSandboxLike, sdkFactory } from './e2b-types.js';
import { WarmPool } from './warm-pool.js';

export interface E2BSandboxOptions {
  /** Default: the `E2B_API_KEY` environment variable. */
  apiKey?: string;
  /** E2B template (default: the SDK's code-interpreter template). */
  template?: string;
  /** Passed to E2B: `false` cuts the sandbox off from the internet. */
  allowInternetAccess?: boolean;
  pool?: {
    /** Sandboxes created ahead and kept waiting. Default 2; 0 creates one per call. */
    size?: number;
    /** A waiting sandbox older than this is killed instead of used. Default 5 minutes. */
    maxAgeMs?: number;
    /** How long a call may wait for a sandbox (creating one included). Default 30 s. */
    acquireTimeoutMs?: number;
  };
  /** Time limit of one run when the request gives none. Default 30 s. */
  timeoutMs?: number;
  /** Bytes of stdout + stderr kept. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Breaker around sandbox creation. Default `{ failureThreshold: 3, recoveryTimeout: '30s' }`. */
  createBreaker?: Omit<CircuitBreakerOptions, 'shared' | 'key'>;
  /** Retries of sandbox creation. Default `{ maxRetries: 2, baseDelay: 200, maxDelay: 2000 }`; `false` for none. */
  createRetry?: RetryOptions | false;
  /** Creates sandboxes: the SDK by default; a local stand-in in tests. */
  factory?: E2BSandboxFactory;
  clock?: Clock;
  /** Told about background failures (warm-up, kills); they never reach a call. */
  onError?: (error: unknown) => void;
}

export interface E2BSandboxStats {
  created: number;
  killed: number;
  runs: number;
  warmRuns: number;
  idle: number;
}

/**
 * Runs python and javascript in E2B cloud sandboxes. Each call gets its own sandbox, which is
 * killed afterwards: a warm pool hides the creation time. Creating sandboxes goes through a
 * circuit breaker and retries, so an E2B outage costs one fast CIRCUIT_OPEN per call instead of
 * a long wait.
 */
export class E2BSandbox implements SandboxProvider {
  readonly name = 'sandbox-e2b';
  readonly languages: readonly SandboxLanguage[] = ['python', 'javascript'];
  private readonly apiKey: string | undefined;
  private readonly factory: E2BSandboxFactory;
  private readonly pool: WarmPool<E2BSandboxLike>;
  private readonly breaker: CircuitBreaker;
  private readonly policies: CallPolicies;
  private readonly acquireTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly maxOutputBytes: number;
  private readonly createTimeoutMs: number;
  private readonly lifetimeMs: number;
  private readonly inUse = new Set<E2BSandboxLike>();
  private readonly kills = new Set<Promise<void>>();
  private counts = { created: 0, killed: 0, runs: 0, warmRuns: 0 };
  private lastError: string | undefined;
  private closed = false;

  constructor(private readonly options: E2BSandboxOptions = {}) {
    this.apiKey = options.apiKey ?? process.env.E2B_API_KEY;
    this.factory = options.factory ?? sdkFactory;
    const pool = options.pool ?? {};
    const size = pool.size ?? 2;
    const maxAgeMs = pool.maxAgeMs ?? 5 * 60_000;
    this.acquireTimeoutMs = pool.acquireTimeoutMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxOutputBytes = options.maxOutputBytes ?? 1024 * 1024;
    this.createTimeoutMs = this.acquireTimeoutMs;
    // E2B kills a sandbox at the end of its lifetime: long enough to wait in the pool and run.
    this.lifetimeMs = maxAgeMs + this.timeoutMs + 60_000;
    if (!Number.isInteger(size) || size < 0)
      throw new TypeError(`e2bSandbox: pool.size must be an integer >= 0, got ${size}`);
    const clock = options.clock ?? systemClock;
    this.breaker = createCircuitBreaker(
      { failureThreshold: 3, recoveryTimeout: '30s', ...options.createBreaker, key: 'e2b:create' },
      { clock },
    );
    this.policies = resiliencePolicies({
      breaker: this.breaker,
      isFailure: (error) => !isConfigError(error),
      ...(options.createRetry === false
        ? {}
        : {
            retry: {
              maxRetries: 2,
              baseDelay: 200,
              maxDelay: 2_000,
              retryOn: (error: unknown) => !isConfigError(error),
              ...options.createRetry,
            },
          }),
    });
    this.pool = new WarmPool<E2BSandboxLike>({
      size: this.apiKey ? size : 0,
      maxAgeMs,
      clock,
      create: () => this.create(),
      destroy: (sandbox) => this.kill(sandbox),
      onBackgroundError: (error) => this.report(error),
    });
    this.pool.refill();
  }

  stats(): E2BSandboxStats {
    return { ...this.counts, idle: this.pool.size.idle };
  }

  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    const t0 = performance.now();
    if (this.closed)
      throw new SandboxUnavailableError('sandbox-e2b is closed', { retryable: false });
    if (!this.apiKey) {
      throw new SandboxUnavailableError(
        'E2B API key missing: set E2B_API_KEY or pass apiKey to e2bSandbox()',
        { retryable: false },
      );
    }
    if (!this.languages.includes(request.language)) {
      throw new SandboxUnavailableError(`sandbox-e2b does not run ${request.language}`, {
        retryable: false,
      });
    }
    let acquired: { item: E2BSandboxLike; warm: boolean };
    try {
      acquired = await this.pool.acquire(this.acquireTimeoutMs);
    } catch (error) {
      throw this.unavailable(error);
    }
    const sandbox = acquired.item;
    this.inUse.add(sandbox);
    if (acquired.warm) this.counts.warmRuns++;
    const startMs = performance.now() - t0;
    const timeoutMs = request.limits?.timeoutMs ?? this.timeoutMs;
    const maxOutputBytes = request.limits?.maxOutputBytes ?? this.maxOutputBytes;
    const runStart = performance.now();
    const timings = () => ({
      startMs,
      runMs: performance.now() - runStart,
      totalMs: performance.now() - t0,
    });
    try {
      for (const [path, content] of Object.entries(request.files ?? {}))
        await sandbox.files.write(path, content);
      const cell = buildCell(
        request.language,
        request.code,
        request.args ?? {},
        request.context ?? {},
      );
      const run = sandbox.runCode(cell, {
        language: request.language,
        timeoutMs,
        ...(request.env ? { envs: request.env } : {}),
      });
      let execution: Awaited<typeof run>;
      try {
        // Our own timer too: the kernel's limit is not trusted to fire, and an abort must stop the wait.
        execution = await withTimeout(
          abortable(run, request.signal),
          timeoutMs + Math.min(1_000, timeoutMs),
        );
      } catch (error) {
        if (request.signal?.aborted)
          return {
            ok: false,
            failure: 'aborted',
            stdout: '',
            stderr: '',
            exitCode: null,
            timings: timings(),
          };
        if (
          error instanceof TimeoutError ||
          (performance.now() - runStart >= timeoutMs && isTimeout(error))
        ) {
          return {
            ok: false,
            failure: 'timeout',
            stdout: '',
            stderr: '',
            exitCode: null,
            timings: timings(),
          };
        }
        throw this.unavailable(error);
      }
      return toRunResult(execution, maxOutputBytes, timings());
    } finally {
      this.counts.runs++;
      this.inUse.delete(sandbox);
      this.track(this.kill(sandbox)); // used once, never again
    }
  }

  async health(): Promise<HealthReport> {
    const breaker = await this.breaker.snapshot();
    const ok = !this.closed && this.apiKey !== undefined && breaker.state !== 'open';
    const details: Record<string, unknown> = { ...this.stats(), breaker: breaker.state };
    if (!this.apiKey) details.error = 'E2B API key missing: set E2B_API_KEY or pass apiKey';
    if (this.lastError) details.lastError = this.lastError;
    return { name: this.name, ok, critical: false, details };
  }

  /** Kills waiting sandboxes and those still in use; waits for every kill. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
    for (const sandbox of this.inUse) this.track(this.kill(sandbox));
    while (this.kills.size > 0) await Promise.allSettled([...this.kills]);
  }

  /** Creates one sandbox under the breaker and retry policy. */
  private create(): Promise<E2BSandboxLike> {
    return withResilience(async () => {
      const sandbox = await withTimeout(
        this.factory({
          apiKey: this.apiKey!,
          timeoutMs: this.lifetimeMs,
          ...(this.options.template ? { template: this.options.template } : {}),
          ...(this.options.allowInternetAccess !== undefined
            ? { allowInternetAccess: this.options.allowInternetAccess }
            : {}),
        }),
        this.createTimeoutMs,
      );
      this.counts.created++;
      if (this.closed) {
        this.track(this.kill(sandbox));
        throw new SandboxUnavailableError('sandbox-e2b is closed', { retryable: false });
      }
      return sandbox;
    }, this.policies);
  }

  private async kill(sandbox: E2BSandboxLike): Promise<void> {
    try {
      await sandbox.kill();
      this.counts.killed++;
    } catch (error) {
      // E2B also ends it at the end of its lifetime; report, never throw.
      this.report(error);
    }
  }

  private track(p: Promise<void>): void {
    this.kills.add(p);
    void p.finally(() => this.kills.delete(p));
  }

  private unavailable(error: unknown): Error {
    if (error instanceof CircuitOpenError || error instanceof SandboxUnavailableError) return error;
    this.report(error);
    if ((error as { sdkMissing?: boolean })?.sdkMissing) {
      return new SandboxUnavailableError((error as Error).message, {
        retryable: false,
        cause: error,
      });
    }
    if (isConfigError(error)) {
      return new SandboxUnavailableError(`E2B rejected the API key: ${(error as Error).message}`, {
        retryable: false,
        cause: error,
      });
    }
    return new SandboxUnavailableError(
      `E2B is unavailable: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }

  private report(error: unknown): void {
    this.lastError = (error as Error)?.message ?? String(error);
    try {
      this.options.onError?.(error);
    } catch {
      // a failing reporter changes nothing
    }
  }
}

/** Errors a retry cannot fix: a bad key, a missing SDK. They do not count against the breaker. */
function isConfigError(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === 'AuthenticationError' || (error as { sdkMissing?: boolean })?.sdkMissing === true;
}

function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'TimeoutError';
}

function abortable<T>(pending: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
