import type { AirlockContext } from '../context.js';
import type { AirlockError, AirlockErrorCode } from '../errors.js';

/** Facts about a call known when it starts. */
export interface CallStartEvent {
  callId: string;
  tool: string;
  context: AirlockContext;
  startedAt: number;
}

/** Facts about a call when it ends, blocked or not. */
export interface CallEndEvent extends CallStartEvent {
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
  inputTokens?: number;
  outputTokens?: number;
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
 * Receives what happens to every call. All methods are optional; they run off the call's path,
 * and one that throws or rejects never breaks or delays a call.
 */
export interface AirlockObserver {
  name?: string;
  onCallStart?(event: CallStartEvent): void | Promise<void>;
  onCallEnd?(event: CallEndEvent): void | Promise<void>;
  onError?(event: CallErrorEvent): void | Promise<void>;
  onEvent?(event: AirlockEvent): void | Promise<void>;
  /** Sends whatever is buffered; called by `airlock.close()`. */
  flush?(): Promise<void>;
}
