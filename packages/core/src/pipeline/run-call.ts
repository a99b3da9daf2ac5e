import { authorizeStage } from './authorize.js';
import type { CallState, Stage } from './call-state.js';
import { detokenizeStage } from './detokenize.js';
import { executeStage } from './execute.js';
import { externalSecretsStage } from './external-secrets.js';
import { finishCall } from './finish.js';
import { ghostArgsStage } from './ghost-args.js';
import { limitStage } from './limit.js';
import { resolveContextStage } from './resolve-context.js';
import { resolvePolicyStage } from './resolve-policy.js';
import { sanitizeStage } from './sanitize.js';
import { truncateStage } from './truncate.js';
import { validateStage } from './validate.js';

/** Every check that runs before a tool: the order is fixed here and nowhere else. */
export const PRE_EXECUTION_STAGES: readonly Stage[] = [
  resolveContextStage,
  resolvePolicyStage,
  authorizeStage,
  ghostArgsStage,
  validateStage,
  externalSecretsStage,
  detokenizeStage,
  limitStage,
];

/**
 * The checks that consume nothing (no limit, no budget): what `AirlockTool.check` runs so an
 * adapter can reject a bad call early, where its framework shows the raw arguments.
 */
export const CHECK_STAGES: readonly Stage[] = [
  resolveContextStage,
  resolvePolicyStage,
  authorizeStage,
  ghostArgsStage,
  validateStage,
  externalSecretsStage,
];

/** What happens to the output of a tool that ran. */
export const POST_EXECUTION_STAGES: readonly Stage[] = [sanitizeStage, truncateStage];

/** The whole flow of one call. */
export const CALL_STAGES: readonly Stage[] = [
  ...PRE_EXECUTION_STAGES,
  executeStage,
  ...POST_EXECUTION_STAGES,
];

/**
 * Runs `stages` in order until one sets `state.error`. Synchronous stages cost no microtask.
 * Returns a promise only if some stage was asynchronous.
 */
export function runStages(
  state: CallState,
  stages: readonly Stage[],
  from = 0,
): void | Promise<void> {
  for (let i = from; i < stages.length; i++) {
    let r: void | Promise<void>;
    try {
      r = stages[i]!(state);
    } catch (error) {
      internalFailure(state, error);
      return;
    }
    if (r !== undefined)
      return r.then(
        () => (state.error ? undefined : runStages(state, stages, i + 1)),
        (error: unknown) => internalFailure(state, error),
      );
    if (state.error) return;
  }
}

/** A stage itself crashed (a bug or a failing store): fail the call safely, never throw. */
function internalFailure(state: CallState, error: unknown): void {
  state.internalError = error;
  state.error = {
    code: 'TOOL_FAILED',
    tool: state.tool.name,
    message: `'${state.tool.name}' could not be run because of an internal error. The details were logged.`,
    fixHints: ['Retry later, or tell the user the tool is unavailable.'],
    retryable: true,
  };
}

/**
 * After a denial, gives back reservations made by earlier limits; after success, books it; once
 * the tool ran, settles what it really used (budgets).
 */
export async function settleReservations(state: CallState): Promise<void> {
  const chosen = !state.executed
    ? state.error
      ? state.releases
      : undefined
    : state.error
      ? undefined
      : state.onSuccess;
  const actions =
    state.executed && state.afterRun ? [...(chosen ?? []), ...state.afterRun] : chosen;
  if (!actions) return;
  for (const action of actions) {
    try {
      await action();
    } catch (error) {
      state.runtime.reportInternalError(error, 'reservation');
    }
  }
}

export { finishCall };
