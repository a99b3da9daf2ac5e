import { type AirlockContext, contextFromObject, contextId } from '@airlock/core';
import type { Agent, RunContext } from '@openai/agents';

/**
 * Turns the run context of an OpenAI Agents run into the Airlock context of a tool call (who is
 * calling: roles, user, workspace, agent). Return `undefined` for "no context".
 */
export type RunContextMapper<C = any> = (
  runContext: RunContext<C> | undefined,
  agent: Agent<any, any> | undefined,
) => AirlockContext | undefined;

/**
 * The default bridge. It reads the object the user passed as `run(agent, input, { context })`:
 * - `airlock`: an `AirlockContext` used as is (the explicit form);
 * - otherwise `agentId`, `workspaceId` (or `workspace.id`, or a string `workspace`), `userId`
 *   (or `user.id`, or a string `user`), `roles` (or `user.roles`) and `conversationId`.
 * The agent's name is the `agentId` when the context gives none, so per-agent rate limits work.
 */
export function airlockContextFromRunContext(
  runContext: RunContext<unknown> | undefined,
  agent?: Agent<any, any>,
): AirlockContext {
  const context = contextFromObject(runContext?.context);
  // The agent's name stands in for a missing agentId, so per-agent limits work.
  const agentName = contextId(agent?.name);
  if (!context.agentId && agentName) context.agentId = agentName;
  return context;
}
