import type { RateLimitDecision, RateLimitRequest } from '../backends/rate-limit-store.js';
import type { AirlockContext } from '../context.js';
import { airlockError } from '../errors.js';
import type { CompiledRateLimit } from '../policy/compiled-policy.js';
import type { CallState, Stage } from './call-state.js';

/**
 * Conversation constraints, then rate limits. Conversation counters are reserved first because
 * they can be given back; rate limits are decided last, all scopes at once, so a call denied by
 * any limit consumes nothing from the others.
 */
export const limitStage: Stage = (state) => {
  const rules = state.rules!;
  const needsConversation =
    rules.conversation !== undefined && state.context.conversationId !== undefined;
  if (!needsConversation && rules.rateLimits.length === 0) return;
  return applyLimits(state, needsConversation);
};

async function applyLimits(state: CallState, needsConversation: boolean): Promise<void> {
  const rules = state.rules!;
  const tool = state.tool.name;
  if (needsConversation) {
    const r = await state.runtime.conversations.reserve(state.context, tool, rules.conversation!);
    if (!r.ok) {
      state.error = conversationError(tool, r.denial);
      return;
    }
    (state.releases ??= []).push(r.reservation.release);
    (state.onSuccess ??= []).push(r.reservation.succeeded);
  }
  if (rules.rateLimits.length === 0) return;
  const requests = rules.rateLimits.map((limit) => toRequest(limit, tool, state.context));
  let decision: RateLimitDecision;
  try {
    decision = await state.runtime.rateLimits.decide(requests);
  } catch (error) {
    // A store that throws instead of applying its fail mode: fail closed, the safe answer.
    state.internalError = error;
    decision = { allowed: false, remaining: 0, resetMs: 0, retryAfterMs: 1000, results: [] };
  }
  if (decision.degraded && state.runtime.observers.wants('onEvent')) {
    state.runtime.observers.emit('onEvent', {
      type: 'store_degraded',
      callId: state.callId,
      tool,
      context: state.context,
      at: state.runtime.clock.now(),
      data: { ...decision.degraded },
    });
  }
  if (decision.allowed) return;
  const denied = decision.results.find((r) => !r.allowed);
  const limit = denied
    ? rules.rateLimits[requests.findIndex((q) => q.key === denied.key)]
    : undefined;
  const rateText = limit ? limit.rate.text : 'the configured rate';
  state.error = airlockError(
    'RATE_LIMITED',
    tool,
    `Rate limit reached for '${tool}' (${rateText}${limit ? ` per ${limit.scope}` : ''}). Try again in ${formatMs(decision.retryAfterMs)}.`,
    {
      retryable: true,
      retryAfterMs: decision.retryAfterMs,
      fixHints: [
        `Wait ${formatMs(decision.retryAfterMs)} before calling '${tool}' again, or continue with other work.`,
      ],
      details: {
        limit: rateText,
        scope: limit?.scope,
        remaining: decision.remaining,
        resetMs: decision.resetMs,
        ...(decision.degraded ? { degraded: decision.degraded.failMode } : {}),
      },
    },
  );
  if (state.runtime.observers.wants('onEvent')) {
    state.runtime.observers.emit('onEvent', {
      type: 'rate_limited',
      callId: state.callId,
      tool,
      context: state.context,
      at: state.runtime.clock.now(),
      data: { limit: rateText, scope: limit?.scope, retryAfterMs: decision.retryAfterMs },
    });
  }
}

function toRequest(limit: CompiledRateLimit, tool: string, ctx: AirlockContext): RateLimitRequest {
  const id = (v: string | undefined): string => (v === undefined ? '_' : encodeURIComponent(v));
  let scopeId: string;
  switch (limit.scope) {
    case 'global':
      scopeId = 'all';
      break;
    case 'workspace':
      scopeId = `ws=${id(ctx.workspaceId)}`;
      break;
    case 'user':
      scopeId = `ws=${id(ctx.workspaceId)}/user=${id(ctx.userId)}`;
      break;
    case 'conversation':
      scopeId = `ws=${id(ctx.workspaceId)}/conv=${id(ctx.conversationId)}`;
      break;
    default:
      scopeId = `ws=${id(ctx.workspaceId)}/agent=${id(ctx.agentId)}`;
  }
  // The rate is part of the key, so changing a limit starts a fresh allowance.
  const subject = limit.shared ? `pattern=${encodeURIComponent(limit.pattern)}` : `tool=${tool}`;
  return {
    key: `rl:${subject}:${limit.rate.limit}/${limit.rate.periodMs}:${limit.algorithm}:${scopeId}`,
    limit: limit.rate.limit,
    periodMs: limit.rate.periodMs,
    algorithm: limit.algorithm,
    partition: limit.scope === 'global' ? undefined : (ctx.workspaceId ?? '_'),
    ...(limit.failMode ? { failMode: limit.failMode } : {}),
  };
}

function conversationError(
  tool: string,
  denial: import('../conversation/conversation-tracker.js').ConversationDenial,
) {
  switch (denial.kind) {
    case 'max_calls':
      return airlockError(
        'BUDGET_EXCEEDED',
        tool,
        `This conversation has used all ${denial.max} tool calls it is allowed.`,
        {
          fixHints: ['Do not call more tools in this conversation; answer with what you have.'],
          details: { budget: 'conversation_calls', used: denial.max, limit: denial.max },
        },
      );
    case 'max_calls_per_tool':
      return airlockError(
        'BUDGET_EXCEEDED',
        tool,
        `'${tool}' may be called at most ${denial.max} times in one conversation.`,
        {
          fixHints: [`Do not call '${tool}' again in this conversation.`],
          details: { budget: 'tool_calls', used: denial.max, limit: denial.max },
        },
      );
    case 'cooldown':
      return airlockError(
        'RATE_LIMITED',
        tool,
        `'${tool}' is cooling down; it can run again in ${formatMs(denial.retryAfterMs)}.`,
        {
          retryable: true,
          retryAfterMs: denial.retryAfterMs,
          fixHints: [`Wait ${formatMs(denial.retryAfterMs)} before calling '${tool}' again.`],
          details: { reason: 'cooldown' },
        },
      );
    case 'required_before':
      return airlockError(
        'TOOL_DENIED',
        tool,
        `'${tool}' can only run after ${denial.missing.map((t) => `'${t}'`).join(', ')} succeeded in this conversation.`,
        {
          retryable: true,
          fixHints: [
            `Call ${denial.missing.map((t) => `'${t}'`).join(' and ')} first, then retry '${tool}'.`,
          ],
          details: { reason: 'required_before', missing: denial.missing },
        },
      );
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))} ms`;
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.ceil(s / 60);
  return m < 120 ? `${m} min` : `${Math.ceil(m / 60)} h`;
}
