import type { AuditRecord } from '../audit/audit-record.js';
import { previewText, redactSecretKeys } from '../audit/previews.js';
import { systemClock } from '../backends/clock.js';
import { fromMicros } from '../budget/pricing.js';
import { inputTokensOf, outputTokensOf } from '../budget/token-usage.js';
import type { CallEndEvent } from '../observers/observer.js';
import type { CallState } from './call-state.js';
import { countByType } from './sanitize.js';

/**
 * Runs at every exit of a call, blocked or not: one audit line, one `onCallEnd`, and `onError`
 * for a real failure. Nothing here can throw into the call.
 */
export function finishCall(state: CallState, extra: { streamed?: boolean } = {}): void {
  const { runtime } = state;
  const bus = runtime.observers;
  const wantsEnd = bus.wants('onCallEnd');
  if (!runtime.audit && !wantsEnd && !(state.internalError !== undefined && bus.wants('onError')))
    return;
  try {
    // Date.now() counts whole milliseconds and most calls take less: time them with the
    // monotonic clock unless a clock was injected (tests, simulations).
    const durationMs =
      runtime.clock === systemClock && state.startedHr !== undefined
        ? performance.now() - state.startedHr
        : Math.max(0, runtime.clock.now() - state.startedAt);
    const findingsByType = countByType(state.findings);
    if (runtime.audit)
      runtime.audit.write(auditRecord(state, durationMs, findingsByType, extra.streamed));
    // The real error first, so a tracer's call scope has it before the call's end.
    if (state.internalError !== undefined && bus.wants('onError')) {
      bus.emit('onError', {
        callId: state.callId,
        tool: state.tool.name,
        context: state.context,
        startedAt: state.startedAt,
        error: state.internalError,
        stage: state.error?.code ?? 'unknown',
      });
    }
    if (wantsEnd) bus.emit('onCallEnd', new EndEvent(state, durationMs, findingsByType));
  } catch (error) {
    runtime.reportInternalError(error, 'audit');
  }
}

/**
 * The `onCallEnd` payload. Token counts are getters computed on first read (by an observer, off
 * the call's path), so a call whose observers ignore them never pays for counting. A class, not
 * `defineProperty` on a literal: that would cost every call a slow dictionary-mode object.
 */
class EndEvent implements CallEndEvent {
  readonly callId: string;
  readonly tool: string;
  readonly context: CallEndEvent['context'];
  readonly startedAt: number;
  readonly blocked: boolean;
  readonly code?: CallEndEvent['code'];
  readonly error?: CallEndEvent['error'];
  readonly sanitizedCount: number;
  readonly truncated: boolean;
  readonly cost?: number;
  readonly #state: CallState;

  constructor(
    state: CallState,
    readonly durationMs: number,
    readonly findingsByType: Record<string, number>,
  ) {
    this.#state = state;
    this.callId = state.callId;
    this.tool = state.tool.name;
    this.context = state.context;
    this.startedAt = state.startedAt;
    this.blocked = state.error !== undefined;
    if (state.error) {
      this.code = state.error.code;
      this.error = state.error;
    }
    this.sanitizedCount = state.findings.length;
    this.truncated = state.truncated;
    if (state.usage?.costMicros !== undefined) this.cost = fromMicros(state.usage.costMicros);
  }

  get inputTokens(): number {
    return inputTokensOf(this.#state);
  }

  get outputTokens(): number | undefined {
    return this.#state.error ? undefined : outputTokensOf(this.#state);
  }

  /** JSON and logs see the counts too (getters live on the prototype). */
  toJSON(): CallEndEvent {
    return { ...this, inputTokens: this.inputTokens, outputTokens: this.outputTokens };
  }
}

function auditRecord(
  state: CallState,
  durationMs: number,
  findings: Record<string, number>,
  streamed: boolean | undefined,
): AuditRecord {
  const { runtime, context, error } = state;
  const max = runtime.auditPreviewChars;
  const record: AuditRecord = {
    time: new Date(state.startedAt).toISOString(),
    callId: state.callId,
    tool: state.tool.name,
    outcome: error
      ? error.code === 'TOOL_FAILED' || error.code === 'SANDBOX_FAILED'
        ? 'failed'
        : 'blocked'
      : 'allowed',
    durationMs: Math.round(durationMs * 1000) / 1000,
    sanitizedCount: state.findings.length,
    truncated: state.truncated,
  };
  if (error) {
    record.code = error.code;
    record.message = error.message;
  }
  if (state.internalError !== undefined) record.internalError = describeError(state.internalError);
  if (context.agentId) record.agentId = context.agentId;
  if (context.workspaceId) record.workspaceId = context.workspaceId;
  if (context.userId) record.userId = context.userId;
  if (context.conversationId) record.conversationId = context.conversationId;
  if (context.roles && context.roles.length > 0) record.roles = [...context.roles];
  const args = state.cleanedArgs ?? state.rawArgs;
  if (args !== undefined) record.argsPreview = maskedPreview(state, redactSecretKeys(args), max);
  if (!error && state.output !== undefined) record.outputPreview = previewText(state.output, max);
  if (Object.keys(findings).length > 0) record.findings = findings;
  if (state.strippedArgs) record.strippedArgs = state.strippedArgs;
  if (streamed) record.streamed = true;
  return record;
}

/** Argument previews are masked like output: the audit log must not become a PII store. */
function maskedPreview(state: CallState, value: unknown, max: number): string {
  const sanitizer = state.runtime.sanitizer;
  const masked = sanitizer.isEmpty ? value : sanitizer.mask(value, state.context).value;
  return previewText(masked, max);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}
