import type { AuditRecord } from '../audit/audit-record.js';
import { previewText, redactSecretKeys } from '../audit/previews.js';
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
    const endedAt = runtime.clock.now();
    const durationMs = Math.max(0, endedAt - state.startedAt);
    const findingsByType = countByType(state.findings);
    if (runtime.audit)
      runtime.audit.write(auditRecord(state, durationMs, findingsByType, extra.streamed));
    if (wantsEnd) {
      bus.emit('onCallEnd', {
        callId: state.callId,
        tool: state.tool.name,
        context: state.context,
        startedAt: state.startedAt,
        durationMs,
        blocked: state.error !== undefined,
        ...(state.error ? { code: state.error.code, error: state.error } : {}),
        sanitizedCount: state.findings.length,
        findingsByType,
        truncated: state.truncated,
      });
    }
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
  } catch (error) {
    runtime.reportInternalError(error, 'audit');
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
