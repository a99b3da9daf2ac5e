import type { AirlockContext } from '@airlock/core';
import type { Agent, RunContext } from '@openai/agents';

/**
 * Turns the run context of an OpenAI Agents run into the Airlock context of a tool call (who is
 * calling: roles, user, workspace, agent). Return `undefined` for "no context".
 */
export type RunContextMapper<C = any> = (
  runContext: RunContext<C> | undefined,
  agent: Agent<any, any> | undefined,
) => AirlockContext | undefined;

const MAX_ID = 256;

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
  const source = runContext?.context;
  const agentName = id(agent?.name);
  if (!isRecord(source)) return agentName ? { agentId: agentName } : {};
  if (isRecord(source.airlock)) {
    const explicit = source.airlock as AirlockContext;
    return explicit.agentId || !agentName ? { ...explicit } : { ...explicit, agentId: agentName };
  }
  const user = isRecord(source.user) ? source.user : undefined;
  const workspace = isRecord(source.workspace) ? source.workspace : undefined;
  const context: AirlockContext = {};
  const agentId = id(source.agentId) ?? agentName;
  const workspaceId = id(source.workspaceId) ?? id(workspace?.id) ?? id(source.workspace);
  const userId = id(source.userId) ?? id(user?.id) ?? id(source.user);
  const roles = roleList(source.roles) ?? roleList(user?.roles);
  const conversationId = id(source.conversationId);
  if (agentId) context.agentId = agentId;
  if (workspaceId) context.workspaceId = workspaceId;
  if (userId) context.userId = userId;
  if (roles) context.roles = roles;
  if (conversationId) context.conversationId = conversationId;
  return context;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID
    ? value
    : undefined;
}

function roleList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(
    (r): r is string => typeof r === 'string' && r.length > 0 && r.length <= MAX_ID,
  );
}
