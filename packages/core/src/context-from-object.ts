import type { AirlockContext } from './context.js';

const MAX_ID = 256;

/**
 * Reads an Airlock context out of the free-form object a framework carries for a run (the
 * `context` of an OpenAI Agents run, a LangGraph runtime, an MCP request's auth extras):
 * - `airlock`: an `AirlockContext` taken as is (the explicit form);
 * - otherwise `agentId`, `workspaceId` (or `workspace.id`, or a string `workspace`), `userId`
 *   (or `user.id`, or a string `user`), `roles` (or `user.roles`) and `conversationId`.
 * Ids must be non-empty strings (or finite numbers) of at most 256 characters; anything else is
 * ignored rather than trusted. Framework adapters add their own fallbacks on top.
 */
export function contextFromObject(source: unknown): AirlockContext {
  if (!isRecord(source)) return {};
  if (isRecord(source.airlock)) return { ...(source.airlock as AirlockContext) };
  const user = isRecord(source.user) ? source.user : undefined;
  const workspace = isRecord(source.workspace) ? source.workspace : undefined;
  const context: AirlockContext = {};
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
  return context;
}

/** A usable id: a non-empty string of at most 256 characters, or a finite number. */
export function contextId(value: unknown): string | undefined {
  return id(value);
}

/** The usable roles of a list (non-empty strings of at most 256 characters), or undefined. */
export function contextRoles(value: unknown): string[] | undefined {
  return roleList(value);
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
