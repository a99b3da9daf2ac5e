import type { AirlockEvent } from '../observers/observer.js';
import type { CallState } from '../pipeline/call-state.js';
import { budgetExceededError, budgetUnavailableError, displayAmount } from './budget-error.js';
import type { BudgetAmounts, BudgetCrossing } from './budget-ledger.js';
import { inputTokensOf, outputTokensOf } from './token-usage.js';

/**
 * The budget part of the limit stage: reserves the call's estimate on every budget that applies,
 * gives it back if a later limit denies the call, and settles the real usage once the tool ran
 * (success or failure), with the call id as the idempotency key.
 */
export async function reserveBudget(state: CallState): Promise<void> {
  const { runtime, context } = state;
  const ledger = runtime.budget!;
  const lines = ledger.linesFor(context);
  if (lines.length === 0) return;
  const tool = state.tool.name;
  const inputTokens = inputTokensOf(state);
  const price = runtime.pricing.priceFor(tool, context);
  const outputEstimate = ledger.estimateOutputTokens(tool, context);
  const estimate: BudgetAmounts = {
    tokens: inputTokens + outputEstimate,
    costMicros: runtime.pricing.costMicros(price, inputTokens, outputEstimate),
    calls: 1,
  };
  let result: Awaited<ReturnType<typeof ledger.reserve>>;
  try {
    result = await ledger.reserve(lines, estimate, state.callId);
  } catch (error) {
    state.internalError = error;
    state.error = budgetUnavailableError(tool);
    return;
  }
  if (!result.ok) {
    state.error = budgetExceededError(tool, result.denial);
    emit(state, 'budget_exceeded', { ...state.error.details });
    return;
  }
  warn(state, result.crossings);
  const { reservation } = result;
  state.releases ??= [];
  state.releases.push(reservation.release);
  state.afterRun ??= [];
  state.afterRun.push(async () => {
    const outputTokens = outputTokensOf(state);
    const actual: BudgetAmounts = {
      tokens: inputTokens + outputTokens,
      costMicros: runtime.pricing.costMicros(price, inputTokens, outputTokens),
      calls: 1,
    };
    state.usage!.costMicros = actual.costMicros;
    warn(state, await reservation.settle(actual));
  });
}

function warn(state: CallState, crossings: readonly BudgetCrossing[]): void {
  for (const { line, used } of crossings) {
    emit(state, 'budget_warning', {
      budget: `${line.scope}_${line.dimension}`,
      scope: line.scope,
      id: line.id,
      dimension: line.dimension,
      used: displayAmount(line, used),
      limit: displayAmount(line, line.limit),
      fraction: line.limit > 0 ? used / line.limit : 1,
      warnAt: state.runtime.budget!.warnAt,
    });
  }
}

function emit(state: CallState, type: AirlockEvent['type'], data: Record<string, unknown>): void {
  const { runtime } = state;
  if (!runtime.observers.wants('onEvent')) return;
  runtime.observers.emit('onEvent', {
    type,
    callId: state.callId,
    tool: state.tool.name,
    context: state.context,
    at: runtime.clock.now(),
    data,
  });
}
