import { randomUUID } from 'node:crypto';
import {
  type AirlockContext,
  type AirlockTool,
  airlockError,
  type ToolCallResult,
} from '@airlock/core';
import type { DynamicStructuredTool } from '@langchain/core/tools';
import { tool } from '@langchain/core/tools';
import {
  airlockContextFromRuntime,
  type LangChainRuntimeLike,
  type RuntimeContextMapper,
} from './context-mapper.js';
import { passthroughSchema } from './passthrough-schema.js';
import {
  defaultFormatError,
  type ErrorFormatter,
  outputText,
  toolMessageFor,
} from './tool-output.js';

export interface AirlockLangChainToolOptions {
  /** Maps the run's runtime (`context`, `configurable`) to the Airlock context. */
  context?: RuntimeContextMapper;
  formatError?: ErrorFormatter;
}

/**
 * An Airlock tool as a LangChain tool, for `bindTools`, LangGraph's `ToolNode`, `createAgent`
 * or any chain. The model is shown the real schema; the raw arguments reach Airlock (see
 * `passthroughSchema`). Called with a tool call (as every ToolNode does), a blocked call answers
 * with a `ToolMessage` of `status: 'error'` carrying the model-facing error, and never throws.
 * Called with plain arguments, it returns the output or the error text.
 */
export function airlockLangChainTool(
  airlockTool: AirlockTool,
  options: AirlockLangChainToolOptions = {},
): DynamicStructuredTool {
  const mapContext = options.context ?? airlockContextFromRuntime;
  const formatError = options.formatError ?? defaultFormatError;
  return tool(
    async (
      raw: unknown,
      config?: LangChainRuntimeLike & { toolCall?: { id?: string }; toolCallId?: string },
    ) => {
      const result = await guardedCall(airlockTool, raw, mapContext, config);
      const toolCallId = config?.toolCall?.id ?? config?.toolCallId;
      if (toolCallId) return toolMessageFor(result, toolCallId, airlockTool.name, formatError);
      return result.ok ? outputText(result.output) : formatError(result.error);
    },
    {
      name: airlockTool.name,
      description: airlockTool.description,
      schema: passthroughSchema(airlockTool) as never,
    },
  ) as unknown as DynamicStructuredTool;
}

/** `airlockLangChainTool` for several tools. */
export function airlockLangChainTools(
  tools: Iterable<AirlockTool>,
  options: AirlockLangChainToolOptions = {},
): DynamicStructuredTool[] {
  return [...tools].map((t) => airlockLangChainTool(t, options));
}

/**
 * Runs the Airlock call with the context mapped from the runtime. A mapper that throws must not
 * crash the run, nor let the call through unidentified: the call is blocked (fail closed).
 */
export async function guardedCall(
  airlockTool: AirlockTool,
  raw: unknown,
  mapContext: RuntimeContextMapper,
  runtime: LangChainRuntimeLike | undefined,
): Promise<ToolCallResult> {
  let context: AirlockContext;
  try {
    context = mapContext(runtime) ?? {};
  } catch {
    const error = airlockError(
      'TOOL_DENIED',
      airlockTool.name,
      'The caller of this tool could not be identified, so the call was blocked.',
      { fixHints: ['This is a problem in the application, not in the arguments: do not retry.'] },
    );
    return { ok: false, callId: randomUUID(), error };
  }
  return airlockTool.call(raw, context);
}
