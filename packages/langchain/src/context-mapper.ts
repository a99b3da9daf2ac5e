import type { AirlockContext } from '@airlock/core';

/**
 * What LangChain and LangGraph hand a tool or a middleware about the run: the `context` given to
 * `invoke(input, { context })` and the `configurable` (with `thread_id`).
 */
export interface LangChainRuntimeLike {
  context?: unknown;
  configurable?: Record<string, unknown>;
}

/** Maps the run's runtime to the Airlock context of a tool call. */
export type RuntimeContextMapper = (
  runtime: LangChainRuntimeLike | undefined,
) => AirlockContext | undefined;

const MAX_ID = 256;

/**
 * The default mapping. From the run's `context` object: `airlock` (an `AirlockContext` taken as
 * is), or `agentId`, `workspaceId` / `workspace.id`, `userId` / `user.id`, `roles` /
 * `user.roles` and `conversationId`. Without a `conversationId`, the LangGraph `thread_id` is
 * the conversation, so conversation limits follow the thread.
 */
export function airlockContextFromRuntime(
  runtime: LangChainRuntimeLike | undefined,
): AirlockContext {
  const source = runtime?.context;
  const threadId = id(runtime?.configurable?.thread_id);
  const context: AirlockContext = {};
  if (isRecord(source) && isRecord(source.airlock))
    return { ...(source.airlock as AirlockContext) };
  if (isRecord(source)) {
    const user = isRecord(source.user) ? source.user : undefined;
    const workspace = isRecord(source.workspace) ? source.workspace : undefined;
    const agentId = id(source.agentId);
    const workspaceId = id(source.workspaceId) ?? id(workspace?.id) ?? id(source.workspace);
    const userId = id(source.userId) ?? id(user?.id) ?? id(source.user);
    const roles = roleList(source.roles) ?? roleList(user?.roles);
    const conversationId = id(source.conversationId);
    if (agentId) context.agentId = agentId;
    if (workspaceId) context.workspaceId = workspaceId;
    if (userId) context.userId = userId;
    if (roles) context.roles = roles;
    if (conversationId) context.conversationId = conversationId;
  }
  if (!context.conversationId && threadId) context.conversationId = threadId;
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
