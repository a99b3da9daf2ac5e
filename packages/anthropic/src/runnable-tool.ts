import type { AirlockContext, AirlockTool } from '@airlock/core';
import type {
  BetaRunnableTool,
  BetaToolRunContext,
} from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { ToolError } from '@anthropic-ai/sdk/lib/tools/ToolError';
import type { BetaTool } from '@anthropic-ai/sdk/resources/beta';
import { defaultFormatError, type ErrorFormatter, outputText } from './tool-output.js';

export interface RunnableToolOptions {
  /** The Airlock context of each call: fixed, or chosen per call from the runner's context. */
  context?:
    | AirlockContext
    | ((runContext: BetaToolRunContext | undefined) => AirlockContext | undefined);
  formatError?: ErrorFormatter;
  /** Ask the API for strict tool use. */
  strict?: boolean;
}

/**
 * An Airlock tool for the SDK's tool runner (`client.beta.messages.toolRunner`). The runner calls
 * `parse(raw)` then `run(parsed)`; `parse` hands the model's raw input through untouched so
 * Airlock sees ghost arguments, and `run` makes the Airlock call. A blocked call throws the SDK's
 * `ToolError` with the model-facing text, which the runner sends as a `tool_result` with
 * `is_error: true`; the run continues and the model can fix its call.
 */
export function airlockRunnableTool(
  airlockTool: AirlockTool,
  options: RunnableToolOptions = {},
): BetaRunnableTool<unknown> {
  const formatError = options.formatError ?? defaultFormatError;
  const tool: BetaRunnableTool<unknown> = {
    name: airlockTool.name,
    description: airlockTool.description,
    input_schema: airlockTool.jsonSchema as BetaTool['input_schema'],
    parse: (raw: unknown) => raw,
    run: async (raw, runContext) => {
      const context =
        typeof options.context === 'function' ? options.context(runContext) : options.context;
      const result = await airlockTool.call(raw, context);
      if (result.ok) return outputText(result.output);
      throw new ToolError(formatError(result.error));
    },
  } as BetaRunnableTool<unknown>;
  if (options.strict !== undefined) (tool as { strict?: boolean }).strict = options.strict;
  return tool;
}

/** `airlockRunnableTool` for several tools. */
export function airlockRunnableTools(
  tools: Iterable<AirlockTool>,
  options: RunnableToolOptions = {},
): BetaRunnableTool<unknown>[] {
  return [...tools].map((t) => airlockRunnableTool(t, options));
}
