import { type AirlockContext, contextFromObject, contextId } from '@airlock/core';

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
  const context = contextFromObject(source);
  // An explicit `airlock` context is taken as is; otherwise the thread is the conversation.
  const explicit = typeof source === 'object' && source !== null && 'airlock' in source;
  const threadId = contextId(runtime?.configurable?.thread_id);
  if (!explicit && !context.conversationId && threadId) context.conversationId = threadId;
  return context;
}
