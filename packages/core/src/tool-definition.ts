import type { z } from 'zod';
import type { AirlockContext } from './context.js';
import type { AirlockError } from './errors.js';
import type { CircuitBreakerOptions } from './resilience/breaker-options.js';
import type { RetryOptions } from './resilience/retry-options.js';
import type { ToolSandboxOptions } from './sandbox/tool-sandbox.js';
import type { Finding } from './sanitizer/recognizer.js';

/** What a tool's `run` receives besides its arguments. */
export interface ToolRunContext extends AirlockContext {
  /** Unique id of this call (also in the audit log and spans). */
  callId: string;
  tool: string;
  /** Aborted when the call times out or the airlock closes. */
  signal: AbortSignal;
}

export type GhostArgsMode = 'strict' | 'permissive';

/** Output limits and masking for one tool (over the policy's and the airlock's defaults). */
export interface ToolOutputOptions {
  mask?: boolean;
  maxChars?: number;
  maxTokens?: number;
}

/** A tool as the user defines it. `input` must be a zod object schema. */
export interface ToolDefinition<S extends z.ZodObject = z.ZodObject, R = unknown> {
  /** 1-64 characters of `[A-Za-z0-9_-]`, unique in one airlock (what every framework accepts). */
  name: string;
  description: string;
  input: S;
  /**
   * Runs the tool. Required, except for sandboxed code tools (`sandbox` set, the model's code in
   * an argument). With `sandbox` set, `run` is sent to the sandbox and never runs on the host.
   */
  run?: (args: z.output<S>, ctx: ToolRunContext) => R | Promise<R> | AsyncIterable<R>;
  /** Per-attempt time limit. Default: the airlock's `timeoutMs` (60 s). */
  timeoutMs?: number;
  /** Overrides the airlock's ghost-argument mode for this tool. */
  ghostArgs?: GhostArgsMode;
  output?: ToolOutputOptions;
  /** Safe to call twice with the same arguments: enables retries, and makes failures retryable. */
  idempotent?: boolean;
  /** Circuit breaker for this tool (over the airlock's `breaker` default); `false` for none. */
  breaker?: CircuitBreakerOptions | false;
  /** Retries for this tool (over the airlock's `retry` default); needs `idempotent: true`. */
  retry?: RetryOptions | false;
  /** Run in a sandbox: the model's code (no `run`), or `run` itself sent there. */
  sandbox?: ToolSandboxOptions;
  /**
   * The tool may receive the real values behind `tokenize` tokens (`[EMAIL:tok_…]`) that the
   * model passes in its arguments: the model only ever sees the token, the tool gets the value.
   */
  acceptsTokens?: boolean;
  /**
   * The tool sends its arguments outside your system (a third-party API, email, the web). A call
   * whose arguments carry a secret is blocked with `OUTPUT_BLOCKED` (see `output.secretsToExternalTools`).
   */
  external?: boolean;
  /** Free-form metadata, passed to observers. */
  metadata?: Record<string, unknown>;
}

/** The result of a call: never a throw for a blocked call. */
export type ToolCallResult<R = unknown> =
  | { ok: true; callId: string; output: R; findings: Finding[]; truncated: boolean }
  | { ok: false; callId: string; error: AirlockError };

/** The result of `check`: the validated arguments, or the error a call would get. */
export type ToolCheckResult<A = unknown> =
  | { ok: true; callId: string; args: A }
  | { ok: false; callId: string; error: AirlockError };

export type StreamSummary =
  | { ok: true; callId: string; findings: Finding[]; truncated: boolean }
  | { ok: false; callId: string; error: AirlockError };

/** A stream that passed every check: its chunks are masked and never throw. */
export interface ToolStream {
  ok: true;
  callId: string;
  chunks: AsyncIterable<string>;
  /** Resolves when the stream ends, with what was masked, or the error that ended it. */
  result: Promise<StreamSummary>;
}

export type ToolStreamResult = ToolStream | { ok: false; callId: string; error: AirlockError };

/** A guarded tool. */
export interface AirlockTool<S extends z.ZodObject = z.ZodObject, R = unknown> {
  readonly name: string;
  readonly description: string;
  readonly input: S;
  /** JSON Schema (draft 2020-12) of the arguments, `additionalProperties: false` at every level. */
  readonly jsonSchema: Record<string, unknown>;
  readonly definition: Readonly<ToolDefinition<S, R>>;
  /** Runs the call through every guard. `args` may be an object or the model's JSON string. */
  call(args: unknown, context?: AirlockContext): Promise<ToolCallResult<R>>;
  /**
   * Runs only the checks that consume nothing (policy, roles, time window, ghost arguments,
   * validation) without running the tool. A blocked check is recorded (audit, observers) like a
   * blocked call; a passing one records nothing, and the real `call` still checks everything.
   */
  check(args: unknown, context?: AirlockContext): Promise<ToolCheckResult<z.output<S>>>;
  /** For tools whose `run` is an async generator: masked chunks as they come. */
  stream(args: unknown, context?: AirlockContext): Promise<ToolStreamResult>;
}
