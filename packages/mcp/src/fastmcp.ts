import type { AirlockTool } from '@airlock/core';
import {
  type CallToolResultLike,
  defaultFormatError,
  type ErrorFormatter,
  guardedCall,
  toCallToolResult,
} from './call-result.js';
import {
  airlockContextFromFastMcp,
  type FastMcpContextLike,
  type FastMcpContextMapper,
} from './context-mapper.js';
import { withMcpRequest } from './current-request.js';
import { mcpInputSchema } from './passthrough-schema.js';

/** The one method this package needs from a `FastMCP` server. */
export interface FastMcpLike {
  addTool(tool: any): void;
}

export interface AddAirlockToolOptions {
  /** Maps fastmcp's context (your `authenticate` result as `session`, `sessionId`). */
  context?: FastMcpContextMapper;
  formatError?: ErrorFormatter;
  /** Extra tool fields passed through: `annotations`, `timeoutMs`, `canAccess`, ... */
  tool?: Record<string, unknown>;
}

/**
 * Adds an Airlock tool to a fastmcp server. fastmcp validates `parameters` before `execute`
 * (a failure is a protocol error the model may never see), so the tool is given a passthrough
 * schema that still advertises the real JSON Schema; Airlock validates. A blocked call returns
 * `isError: true` with the model-facing text.
 */
export function addAirlockTool(
  server: FastMcpLike,
  airlockTool: AirlockTool,
  options: AddAirlockToolOptions = {},
): void {
  const mapContext = options.context ?? airlockContextFromFastMcp;
  const formatError = options.formatError ?? defaultFormatError;
  server.addTool({
    ...options.tool,
    name: airlockTool.name,
    description: airlockTool.description,
    parameters: mcpInputSchema(airlockTool),
    execute: async (
      args: unknown,
      context: FastMcpContextLike | undefined,
    ): Promise<CallToolResultLike> => {
      const result = await withMcpRequest(context, () =>
        guardedCall(airlockTool, args, mapContext, context),
      );
      return toCallToolResult(result, formatError);
    },
  });
}

/** `addAirlockTool` for several tools. */
export function addAirlockTools(
  server: FastMcpLike,
  tools: Iterable<AirlockTool>,
  options: AddAirlockToolOptions = {},
): void {
  for (const t of tools) addAirlockTool(server, t, options);
}
