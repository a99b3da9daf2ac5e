/**
 * The contract of a place to run untrusted code. `@airlock/sandbox-node` (local, the default) and
 * `@airlock/sandbox-e2b` (cloud) implement it.
 */

export type SandboxLanguage = 'javascript' | 'python';

export interface SandboxLimits {
  /** Wall-clock limit; the sandbox is killed when it passes. */
  timeoutMs?: number;
  memoryMb?: number;
  /** Most bytes of stdout + stderr kept. */
  maxOutputBytes?: number;
}

export interface SandboxRunRequest {
  language: SandboxLanguage;
  code: string;
  /** JSON-serialisable arguments, available to the code as `args`. */
  args?: unknown;
  /** Files written into the sandbox's working directory before the code runs. */
  files?: Record<string, string>;
  env?: Record<string, string>;
  limits?: SandboxLimits;
  signal?: AbortSignal;
}

export interface SandboxRunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** The JSON value the code returned (or set as its result), if any. */
  result?: unknown;
  exitCode: number | null;
  /** Why it failed: `timeout`, `memory`, `output_limit`, `error`, `permission`, ... */
  failure?: string;
  outputTruncated?: boolean;
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
  run(request: SandboxRunRequest): Promise<SandboxRunResult>;
  health?(): Promise<HealthReport>;
  close?(): Promise<void>;
}
