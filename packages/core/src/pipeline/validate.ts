import { airlockError } from '../errors.js';
import { describeIssues } from '../validation/describe-issues.js';
import { validationHints } from '../validation/fix-hints.js';
import type { Stage } from './call-state.js';

/** Strict zod validation: no coercion, every problem named with a hint and a corrected call. */
export const validateStage: Stage = (state) => {
  const tool = state.tool;
  const result = tool.input.safeParse(state.cleanedArgs);
  if (result.success) {
    state.args = result.data;
    return;
  }
  const issues = describeIssues(result.error.issues, state.cleanedArgs, tool.schemaNode);
  const first = issues[0]!;
  const more =
    issues.length > 1
      ? ` (${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} below)`
      : '';
  state.error = airlockError('VALIDATION_FAILED', tool.name, `${first.message}${more}`, {
    retryable: true,
    issues,
    fixHints: validationHints(issues, state.cleanedArgs, tool.schemaNode, tool.input),
  });
};
