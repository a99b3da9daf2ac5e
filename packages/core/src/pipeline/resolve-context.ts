import { resolveContext } from '../context.js';
import { airlockError } from '../errors.js';
import type { Stage } from './call-state.js';

/** The call's context wins field by field over the one from `runWithContext`. */
export const resolveContextStage: Stage = (state) => {
  const r = resolveContext(state.givenContext);
  if ('error' in r) {
    state.error = airlockError(
      'VALIDATION_FAILED',
      state.tool.name,
      `The call context is invalid: ${r.error}.`,
      {
        fixHints: ['This is a problem in the application, not in the arguments: do not retry.'],
      },
    );
    return;
  }
  state.context = r.context;
};
