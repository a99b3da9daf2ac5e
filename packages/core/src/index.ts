export { z } from 'zod';
export {
  type Airlock,
  type AirlockHealth,
  type AirlockSanitizer,
  createAirlock,
} from './airlock.js';
export type { AuditRecord, AuditSink } from './audit/audit-record.js';
export { JsonlFileSink, type JsonlFileSinkOptions } from './audit/jsonl-file-sink.js';
export { type Clock, ManualClock, systemClock } from './backends/clock.js';
export {
  MemoryRateLimitStore,
  summarize as summarizeRateLimitResults,
} from './backends/memory-rate-limit-store.js';
export { MemoryStateStore } from './backends/memory-state-store.js';
export {
  assertRateLimitRequests,
  type RateLimitAlgorithm,
  type RateLimitDecision,
  type RateLimitFailMode,
  type RateLimitKeyResult,
  type RateLimitRequest,
  type RateLimitStore,
} from './backends/rate-limit-store.js';
export type { IncrementResult, StateStore } from './backends/state-store.js';
export {
  type BudgetAmounts,
  type BudgetCrossing,
  type BudgetDenial,
  BudgetLedger,
  type BudgetLine,
  type BudgetReservation,
  type ReserveResult,
} from './budget/budget-ledger.js';
export {
  BUDGET_SCOPES,
  type BudgetDimension,
  type BudgetLimits,
  type BudgetLimitsSource,
  type BudgetOptions,
  type BudgetPeriod,
  type BudgetScope,
  type PricingOptions,
  type TokenPrice,
} from './budget/budget-options.js';
export { Pricing } from './budget/pricing.js';
export type { AirlockOptions, AuditOptions, OutputOptions, TruncationInfo } from './config.js';
export { type AirlockContext, ambientContext, runWithContext } from './context.js';
export { contextFromObject, contextId, contextRoles } from './context-from-object.js';
export {
  AirlockConfigError,
  type AirlockError,
  type AirlockErrorCode,
  type ArgumentIssue,
  airlockError,
  ERROR_CODES,
  formatErrorForModel,
  RetryableToolError,
  ToolError,
} from './errors.js';
export {
  createHealthProbes,
  type HealthProbeOptions,
  type HealthProbes,
  type HealthSource,
  type ProbeResponse,
} from './health/health-probes.js';
export type {
  AirlockEvent,
  AirlockEventType,
  AirlockObserver,
  CallEndEvent,
  CallErrorEvent,
  CallScope,
  CallStartEvent,
} from './observers/observer.js';
export { type CallOutcome, callOutcome } from './observers/outcome.js';
export { formatOutputForModel } from './output/format-output.js';
export { estimateTokens, type TokenCounter } from './output/token-counter.js';
export {
  type TruncateLimits,
  type TruncateResult,
  truncateOutput,
  truncateText,
} from './output/truncate.js';
export { type AirlockPlugin, definePlugin } from './plugin.js';
export { parseDuration } from './policy/duration.js';
export { globMatch } from './policy/glob.js';
export type { PolicyCacheOptions, PolicyResolver } from './policy/policy-source.js';
export {
  BUSINESS_HOURS_POLICY,
  PERMISSIVE_POLICY,
  READ_ONLY_POLICY,
  STRICT_POLICY,
} from './policy/presets.js';
export { parseRate, type Rate } from './policy/rate.js';
export {
  type ConversationPolicy,
  type OutputPolicy,
  type ParsedSecurityPolicy,
  RATE_LIMIT_SCOPES,
  type RateLimitRule,
  type RateLimitScope,
  type SecurityPolicy,
  securityPolicySchema,
  type TimeWindowRule,
} from './policy/schema.js';
export { fullJitterDelay } from './resilience/backoff.js';
export {
  BREAKER_DEFAULTS,
  type CircuitBreakerOptions,
  type NormalizedBreakerOptions,
  normalizeBreakerOptions,
} from './resilience/breaker-options.js';
export {
  type BreakerAdmission,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTicket,
  type BreakerTransition,
  type CircuitBreaker,
  CircuitOpenError,
  callThroughBreaker,
} from './resilience/circuit-breaker.js';
export {
  createCircuitBreaker,
  resiliencePolicies,
  withResilience,
} from './resilience/factories.js';
export { MemoryCircuitBreaker } from './resilience/memory-breaker.js';
export { RetryBudget } from './resilience/retry-budget.js';
export {
  type ErrorClass,
  type NormalizedRetryOptions,
  normalizeRetryOptions,
  RETRY_DEFAULTS,
  type RetryInfo,
  type RetryOptions,
} from './resilience/retry-options.js';
export {
  type CallPolicies,
  type PoliciesOutcome,
  runWithPolicies,
} from './resilience/run-with-policies.js';
export { SharedCircuitBreaker } from './resilience/shared-breaker.js';
export { sleep, TimeoutError, withTimeout } from './resilience/timeout.js';
export { isTransientError, retryAfterOf } from './resilience/transient.js';
export {
  type HealthReport,
  type SandboxFailure,
  type SandboxLanguage,
  type SandboxLimits,
  type SandboxProvider,
  type SandboxRunRequest,
  type SandboxRunResult,
  SandboxUnavailableError,
} from './sandbox/sandbox-provider.js';
export { serializeFunction, type ToolSandboxOptions } from './sandbox/tool-sandbox.js';
export {
  digitsOf,
  iso7064Mod11_10Valid,
  isRepeated,
  luhnValid,
  mod97,
  shannonEntropy,
} from './sanitizer/checksums.js';
export { SanitizerEngine } from './sanitizer/engine.js';
export {
  type MaskResult,
  type SanitizerEngineOptions,
  type ScanFor,
  SECRET_TYPES,
} from './sanitizer/engine-types.js';
export type { CustomPattern, SanitizerSettings } from './sanitizer/profile.js';
export {
  type CodePattern,
  defineRecognizer,
  type ExplainedCandidate,
  type Finding,
  type FindingExplanation,
  type Recognizer,
  type RecognizerPattern,
  type RecognizerPrefilter,
  type RegexPattern,
  type ValidationContext,
  type ValidationOutcome,
  type ValidationResult,
} from './sanitizer/recognizer.js';
export * from './sanitizer/recognizers/index.js';
export { regexSafetyProblem } from './sanitizer/regex-safety.js';
export {
  MASK_STRATEGIES,
  type MaskStrategy,
  partialDefault,
  redact,
} from './sanitizer/strategies.js';
export { type MaskedChunk, StreamMasker } from './sanitizer/stream-masker.js';
export type {
  AirlockTool,
  GhostArgsMode,
  StreamSummary,
  ToolCallResult,
  ToolCheckResult,
  ToolDefinition,
  ToolOutputOptions,
  ToolRunContext,
  ToolStream,
  ToolStreamResult,
} from './tool-definition.js';
