import type { AirlockTool } from '@airlock/core';
import {
  type CallToolResultLike,
  defaultFormatError,
  type ErrorFormatter,
  guardedCall,
  toCallToolResult,
} from './call-result.js';
import {
  airlockContextFromMcpRequest,
  type McpContextMapper,
  type McpRequestLike,
} from './context-mapper.js';
import { withMcpRequest } from './current-request.js';
import { mcpInputSchema } from './passthrough-schema.js';

/**
 * The one method this package needs from an MCP server: `McpServer` of
 * `@modelcontextprotocol/sdk` (v1) and of `@modelcontextprotocol/server` (v2) both have it.
 */
export interface McpServerLike {
  registerTool(
    name: string,
    config: Record<string, unknown>,
    callback: (args: any, extra: any) => any,
  ): unknown;
}

export interface RegisterAirlockToolOptions {
  /** Maps the request (auth info, session) to the Airlock context. */
  context?: McpContextMapper;
  formatError?: ErrorFormatter;
  /** Extra registration fields passed through: `title`, `annotations`, `_meta`, `icons`, ... */
  config?: Record<string, unknown>;
}

/**
 * Registers an Airlock tool on an MCP server. `tools/list` shows the tool's real JSON Schema;
 * the raw arguments reach Airlock (see `mcpInputSchema`); the context comes from the request's
 * auth info and session; a blocked call comes back as `isError: true` with the model-facing
 * text, never as a protocol error. Returns what the server's `registerTool` returns.
 */
export function registerAirlockTool<T = unknown>(
  server: McpServerLike,
  airlockTool: AirlockTool,
  options: RegisterAirlockToolOptions = {},
): T {
  const mapContext = options.context ?? airlockContextFromMcpRequest;
  const formatError = options.formatError ?? defaultFormatError;
  const config = {
    ...options.config,
    description: airlockTool.description,
    inputSchema: mcpInputSchema(airlockTool),
  };
  const callback = async (
    args: unknown,
    request: McpRequestLike | undefined,
  ): Promise<CallToolResultLike> => {
    const result = await withMcpRequest(request, () =>
      guardedCall(airlockTool, args, mapContext, request),
    );
    return toCallToolResult(result, formatError);
  };
  return server.registerTool(airlockTool.name, config, callback) as T;
}

/** `registerAirlockTool` for several tools. */
export function registerAirlockTools<T = unknown>(
  server: McpServerLike,
  tools: Iterable<AirlockTool>,
  options: RegisterAirlockToolOptions = {},
): T[] {
  return [...tools].map((t) => registerAirlockTool<T>(server, t, options));
}
