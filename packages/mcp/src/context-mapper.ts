import { type AirlockContext, contextId, contextRoles } from '@airlock/core';

/** OAuth details an MCP server attaches to a request (`AuthInfo` in both SDK versions). */
export interface McpAuthInfoLike {
  clientId?: string;
  scopes?: readonly string[];
  extra?: Record<string, unknown>;
}

/** The second argument of a tool callback: v1 `RequestHandlerExtra` or v2 `ServerContext`. */
export interface McpRequestLike {
  authInfo?: McpAuthInfoLike;
  sessionId?: string;
  http?: { authInfo?: McpAuthInfoLike };
}

export type McpContextMapper = (request: McpRequestLike | undefined) => AirlockContext | undefined;

/**
 * The default mapping from an MCP request to the Airlock context:
 * - roles: `authInfo.extra.roles` when the token verifier put roles there, else the OAuth `scopes`;
 * - agentId: `authInfo.extra.agentId`, else the OAuth `clientId` (the MCP client is the agent);
 * - userId: `authInfo.extra.userId` or `authInfo.extra.sub`; workspaceId: `authInfo.extra.workspaceId`;
 * - conversationId: the MCP session id.
 * The token itself never enters the context.
 */
export function airlockContextFromMcpRequest(request: McpRequestLike | undefined): AirlockContext {
  const auth = request?.authInfo ?? request?.http?.authInfo;
  const extra = isRecord(auth?.extra) ? auth.extra : {};
  const context: AirlockContext = {};
  const roles = contextRoles(extra.roles) ?? contextRoles(auth?.scopes);
  const agentId = contextId(extra.agentId) ?? contextId(auth?.clientId);
  const userId = contextId(extra.userId) ?? contextId(extra.sub);
  const workspaceId = contextId(extra.workspaceId);
  const conversationId = contextId(request?.sessionId);
  if (roles) context.roles = roles;
  if (agentId) context.agentId = agentId;
  if (userId) context.userId = userId;
  if (workspaceId) context.workspaceId = workspaceId;
  if (conversationId) context.conversationId = conversationId;
  return context;
}

/** What fastmcp hands a tool's `execute`: the session's auth object and the session id. */
export interface FastMcpContextLike {
  session?: unknown;
  sessionId?: string;
}

export type FastMcpContextMapper = (
  context: FastMcpContextLike | undefined,
) => AirlockContext | undefined;

/**
 * The default mapping for fastmcp, from what your `authenticate` returned (`context.session`):
 * `airlock` (an `AirlockContext` taken as is), or `roles` (else `scopes`), `userId` / `id` /
 * `sub`, `workspaceId`, `agentId` / `clientId`; the fastmcp session id is the conversation.
 */
export function airlockContextFromFastMcp(context: FastMcpContextLike | undefined): AirlockContext {
  const session = isRecord(context?.session) ? context.session : {};
  if (isRecord(session.airlock)) return { ...(session.airlock as AirlockContext) };
  const out: AirlockContext = {};
  const roles = contextRoles(session.roles) ?? contextRoles(session.scopes);
  const userId = contextId(session.userId) ?? contextId(session.id) ?? contextId(session.sub);
  const workspaceId = contextId(session.workspaceId);
  const agentId = contextId(session.agentId) ?? contextId(session.clientId);
  const conversationId = contextId(context?.sessionId);
  if (roles) out.roles = roles;
  if (userId) out.userId = userId;
  if (workspaceId) out.workspaceId = workspaceId;
  if (agentId) out.agentId = agentId;
  if (conversationId) out.conversationId = conversationId;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
