/**
 * The contract of a place to run untrusted code. `@airlock/sandbox-node` (local, the default) and
 * `@airlock/sandbox-e2b` (cloud) implement it.
 *
 * Two kinds of failure are kept apart, because they call for different answers:
 * - the *code* failed (threw, ran too long, used too much memory, tried something forbidden):
 *   `run` resolves with `ok: false` and a `failure` kind. The sandbox worked; the model can fix
 *   its code. Breakers do not count it and it is never retried.
 * - the *sandbox* could not serve (could not start, the service is down, the pool is exhausted):
 *   `run` rejects, preferably with `SandboxUnavailableError` (or `CircuitOpenError` from the
 *   provider's own breaker). Breakers count it, and idempotent tools may retry it.
 */

export type SandboxLanguage = 'javascript' | 'python';

export interface SandboxLimits {
  /** Wall-clock limit; the sandbox is killed when it passes. */
  timeoutMs?: number;
  memoryMb?: number;
  /** Most bytes of stdout + stderr kept; the rest is dropped and `outputTruncated` set. */
  maxOutputBytes?: number;
}

export interface SandboxRunRequest {
  language: SandboxLanguage;
  /**
   * The code. JavaScript: the body of an async function with `args` (and `context`) in scope;
   * what it returns is the result. Python: a script or notebook cell; the provider documents how
   * it returns a result.
   */
  code: string;
  /** JSON-serialisable arguments, available to the code as `args`. */
  args?: unknown;
  /** JSON-serialisable facts about the call (callId, tool, agentId, ...), available as `context`. */
  context?: Record<string, unknown>;
  /** Files written into the sandbox's working directory before the code runs (relative paths). */
  files?: Record<string, string>;
  /** The code's environment: nothing of the host's environment is passed unless listed here. */
  env?: Record<string, string>;
  limits?: SandboxLimits;
  signal?: AbortSignal;
}

/** Why code failed in a sandbox that worked. */
export type SandboxFailure =
  /** The code threw, or exited non-zero. */
  | 'error'
  /** It passed the wall-clock limit and was killed. */
  | 'timeout'
  /** It passed the memory limit and was killed. */
  | 'memory'
  /** It tried something the sandbox forbids (a write outside its directory, a process, ...). */
  | 'permission'
  /** It printed past a hard output limit and was stopped (providers that stop rather than cut). */
  | 'output_limit'
  /** Its result could not be turned into JSON. */
  | 'result'
  /** The request's signal aborted it. */
  | 'aborted'
  /** The sandbox process died for another reason (a signal, a crash). */
  | 'crashed';

export interface SandboxRunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** The JSON value the code returned (or set as its result), if any. */
  result?: unknown;
  exitCode: number | null;
  /** Why it failed (when `ok` is false). */
  failure?: SandboxFailure;
  /** The code's error, when it threw: `name`, `message` (no host paths, no host stack). */
  error?: { name: string; message: string };
  outputTruncated?: boolean;
  /** `startMs`: getting a sandbox (0 from a warm pool); `runMs`: running the code. */
  timings: { startMs: number; runMs: number; totalMs: number };
}

export interface HealthReport {
  name: string;
  ok: boolean;
  /** When true, a failing check makes the airlock not ready (e.g. Redis behind a fail-closed
   *  limit); otherwise it is reported but readiness does not depend on it. */
  critical?: boolean;
  latencyMs?: number;
  details?: Record<string, unknown>;
}

export interface SandboxProvider {
  readonly name: string;
  readonly languages: readonly SandboxLanguage[];
  /** Resolves with the code's outcome; rejects only when the sandbox itself could not serve. */
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
  health?(): Promise<HealthReport>;
  close?(): Promise<void>;
}

/** The sandbox could not serve a request (not the code's fault). Counts against breakers. */
export class SandboxUnavailableError extends Error {
  override readonly name = 'SandboxUnavailableError';
  constructor(
    message: string,
    readonly options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  /** False for problems a retry cannot fix (a missing API key). */
  get retryable(): boolean {
    return this.options.retryable ?? true;
  }
}
