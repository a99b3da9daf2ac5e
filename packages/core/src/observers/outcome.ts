import type { AirlockErrorCode } from '../errors.js';

/** How a call ended, in three words: the label observers group calls by. */
export type CallOutcome = 'allowed' | 'blocked' | 'failed';

/**
 * `failed` when the tool (or its sandbox) ran and failed, `blocked` when a guard stopped the
 * call, `allowed` when it produced output. The same split as the audit log's `outcome`.
 */
export function callOutcome(event: { code?: AirlockErrorCode | undefined }): CallOutcome {
  if (event.code === undefined) return 'allowed';
  return event.code === 'TOOL_FAILED' || event.code === 'SANDBOX_FAILED' ? 'failed' : 'blocked';
}
