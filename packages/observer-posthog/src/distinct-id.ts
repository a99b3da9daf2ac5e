import { createHash } from 'node:crypto';
import type { AirlockContext } from '@airlock/core';

/**
 * Who an event is about, without sending the id itself: a short hash of the workspace id, else
 * the agent id. Equal ids give equal hashes, so events still group per workspace.
 */
export function hashedDistinctId(context: AirlockContext | undefined): string {
  const id = context?.workspaceId
    ? `ws:${context.workspaceId}`
    : context?.agentId
      ? `agent:${context.agentId}`
      : undefined;
  if (id === undefined) return 'airlock-anonymous';
  return `airlock-${createHash('sha256').update(id).digest('hex').slice(0, 24)}`;
}
