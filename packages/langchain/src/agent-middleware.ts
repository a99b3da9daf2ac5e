import type { AirlockTool } from '@airlock/core';
import { ToolMessage } from '@langchain/core/messages';
import { createMiddleware } from 'langchain';
import { airlockContextFromRuntime, type RuntimeContextMapper } from './context-mapper.js';
import {
  type AirlockLangChainToolOptions,
  airlockLangChainTools,
  guardedCall,
} from './langchain-tool.js';
import { defaultFormatError, toolMessageFor } from './tool-output.js';

export interface AirlockMiddlewareOptions extends AirlockLangChainToolOptions {
  /**
   * Register the tools with the agent through the middleware (default true), so they are bound
   * to the model and need not be listed in `createAgent({ tools })` as well.
   */
  registerTools?: boolean;
}

/**
 * A `createAgent` middleware that guards the given Airlock tools. Its `wrapToolCall` sees the
 * model's raw tool-call arguments, runs the Airlock call with the context mapped from
 * `runtime.context`, and answers with the `ToolMessage` itself: the masked output, or
 * `status: 'error'` with the model-facing error. It never throws for a blocked call (a throwing
 * middleware ends the whole run). Calls of other tools go to the next handler untouched.
 */
export function airlockMiddleware(
  tools: Iterable<AirlockTool>,
  options: AirlockMiddlewareOptions = {},
) {
  const list = [...tools];
  const byName = new Map(list.map((t) => [t.name, t] as const));
  const mapContext: RuntimeContextMapper = options.context ?? airlockContextFromRuntime;
  const formatError = options.formatError ?? defaultFormatError;
  const registered =
    options.registerTools === false ? undefined : airlockLangChainTools(list, options);
  return createMiddleware({
    name: 'AirlockMiddleware',
    ...(registered ? { tools: registered } : {}),
    wrapToolCall: async (request, handler) => {
      const airlockTool = byName.get(request.toolCall.name);
      if (!airlockTool) return handler(request);
      const toolCallId = request.toolCall.id ?? '';
      try {
        const runtime = request.runtime as never;
        const result = await guardedCall(airlockTool, request.toolCall.args, mapContext, runtime);
        return toolMessageFor(result, toolCallId, airlockTool.name, formatError);
      } catch {
        // Only a user-supplied hook (formatError) can get here; the run must survive it.
        return new ToolMessage({
          content: `Error: '${airlockTool.name}' could not be run because of an internal error.`,
          tool_call_id: toolCallId,
          name: airlockTool.name,
          status: 'error',
        });
      }
    },
  });
}
