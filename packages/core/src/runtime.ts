import type { AuditSink } from './audit/audit-record.js';
import type { Clock } from './backends/clock.js';
import type { RateLimitStore } from './backends/rate-limit-store.js';
import type { StateStore } from './backends/state-store.js';
import type { TruncationInfo } from './config.js';
import type { ConversationTracker } from './conversation/conversation-tracker.js';
import type { InflightTracker } from './inflight.js';
import type { ObserverBus } from './observers/observer-bus.js';
import type { TokenCounter } from './output/token-counter.js';
import type { PolicySource } from './policy/policy-source.js';
import type { SanitizerEngine } from './sanitizer/engine.js';
import type { GhostArgsMode } from './tool-definition.js';

/** Everything the pipeline stages share across calls: built once by `createAirlock`. */
export interface AirlockRuntime {
  clock: Clock;
  policy: PolicySource;
  rateLimits: RateLimitStore;
  state: StateStore;
  conversations: ConversationTracker;
  sanitizer: SanitizerEngine;
  observers: ObserverBus;
  audit: AuditSink | undefined;
  auditPreviewChars: number;
  ghostArgs: GhostArgsMode;
  output: { mask: boolean; maxChars: number | undefined; maxTokens: number | undefined };
  countTokens: TokenCounter;
  tokenCostPer1k: number;
  onTruncate: ((info: TruncationInfo) => void) | undefined;
  timeoutMs: number;
  /** Reports a failure of an observer, audit sink or callback: never thrown at a call. */
  reportInternalError(error: unknown, source: string): void;
  /** Calls in flight, for draining at `close()`. */
  inflight: InflightTracker;
  closed: boolean;
  /** Aborted when the airlock closes: every tool's signal follows it. */
  shutdown: AbortController;
}
