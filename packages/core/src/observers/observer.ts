import type { AirlockContext } from '../context.js';
import type { AirlockError, AirlockErrorCode } from '../errors.js';

/** Facts about a call known when it starts. */
export interface CallStartEvent {
  callId: string;
  tool: string;
  /** The context given to the call (the ambient `runWithContext` one is merged in later). */
  context: AirlockContext;
  startedAt: number;
}

/** Facts about a call when it ends, blocked or not. */
export interface CallEndEvent extends CallStartEvent {
  /** The call's effective context (given fields over `runWithContext`). */
  context: AirlockContext;
  durationMs: number;
  blocked: boolean;
  /** The error code when the call did not succeed. */
  code?: AirlockErrorCode;
  error?: AirlockError;
  /** Number of values masked in the output. */
  sanitizedCount: number;
  /** Entity types that were masked, with counts. */
  findingsByType: Record<string, number>;
  truncated: boolean;
  /** Tokens of the arguments as the model sent them (by `tokens.count`). Computed when read. */
  inputTokens?: number;
  /** Tokens of the output the model receives, after masking and truncation; absent when the
   *  call was blocked or failed. Computed when read. */
  outputTokens?: number;
  /** Cost booked against budgets (currency units of `pricing`), when budgets are on. */
  cost?: number;
}

/** A tool threw or a stage failed unexpectedly: the real error, which the model never sees. */
export interface CallErrorEvent extends CallStartEvent {
  error: unknown;
  stage: string;
}

export type AirlockEventType =
  | 'ghost_args_stripped'
  | 'ghost_args_blocked'
  | 'pii_detected'
  | 'rate_limited'
  | 'circuit_opened'
  | 'circuit_half_open'
  | 'circuit_closed'
  | 'output_truncated'
  | 'budget_warning'
  | 'budget_exceeded'
  | 'store_degraded';

/** A notable thing that happened inside a call. */
export interface AirlockEvent {
  type: AirlockEventType;
  callId?: string;
  tool?: string;
  context?: AirlockContext;
  at: number;
  data: Record<string, unknown>;
}

/**
 * What `startCall` may return: the rest of this call's story, delivered to this object instead
 * of (as well as) the observer's own methods. It lets a tracer keep the span it opened at start
 * without a lookup table of its own. Delivered off the call's path, like every observer method.
 */
export interface CallScope {
  /** An event of this call (ghost args, PII, rate limit, ...), before `end`. */
  onEvent?(event: AirlockEvent): void;
  /** The real error behind a failed call, before `end`. */
  onError?(event: CallErrorEvent): void;
  /** The call ended; the last delivery to this scope. */
  end(event: CallEndEvent): void;
}

/**
 * Receives what happens to every call. All methods are optional; they run off the call's path
 * (after the caller has its result), and one that throws or rejects never breaks or delays a
 * call.
 */
export interface AirlockObserver {
  name?: string;
  /**
   * The one synchronous hook: called at call start, inside the caller's async context (so it
   * sees the caller's active trace span, `AsyncLocalStorage` stores, ...), before any stage
   * runs. It is on the hot path: keep it to starting a span. A throw is caught and ignored for
   * this call. Return a `CallScope` to receive the call's events and its end.
   */
  startCall?(event: CallStartEvent): CallScope | undefined;
  onCallStart?(event: CallStartEvent): void | Promise<void>;
  onCallEnd?(event: CallEndEvent): void | Promise<void>;
  onError?(event: CallErrorEvent): void | Promise<void>;
  onEvent?(event: AirlockEvent): void | Promise<void>;
  /** Sends whatever is buffered; called by `airlock.close()`. */
  flush?(): Promise<void>;
}
