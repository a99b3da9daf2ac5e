import { airlockError } from '../errors.js';
import type { CallState, Stage } from './call-state.js';

/** A fixed policy is read synchronously; a resolver runs (cached) and may fail the call. */
export const resolvePolicyStage: Stage = (state) => {
  const fixed = state.runtime.policy.static;
  if (fixed) {
    state.policy = fixed;
    state.rules = fixed.rulesFor(state.tool.name);
    return;
  }
  return resolveDynamic(state);
};

async function resolveDynamic(state: CallState): Promise<void> {
  try {
    state.policy = await state.runtime.policy.resolve(state.context);
    state.rules = state.policy.rulesFor(state.tool.name);
  } catch (error) {
    state.internalError = error;
    state.error = airlockError(
      'TOOL_DENIED',
      state.tool.name,
      'The security policy for this call could not be loaded, so the call was blocked.',
      {
        retryable: true,
        retryAfterMs: 1000,
        fixHints: ['Retry shortly; if it keeps failing, tell the user the tool is unavailable.'],
        details: { reason: 'policy_unavailable' },
      },
    );
  }
}
