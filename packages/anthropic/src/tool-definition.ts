import type { AirlockTool } from '@airlock/core';
import type { Tool } from '@anthropic-ai/sdk/resources/messages';

export interface AnthropicToolOptions {
  /**
   * Ask the API for strict tool use (the model's input always matches the schema). Airlock's
   * schema already has `additionalProperties: false` everywhere, which strict mode needs.
   */
  strict?: boolean;
}

/**
 * The Messages API tool definition of an Airlock tool: its name, description and its real JSON
 * Schema (draft 2020-12, `additionalProperties: false` at every level) as `input_schema`.
 */
export function anthropicTool(airlockTool: AirlockTool, options: AnthropicToolOptions = {}): Tool {
  const definition: Tool = {
    name: airlockTool.name,
    description: airlockTool.description,
    input_schema: airlockTool.jsonSchema as Tool['input_schema'],
  };
  if (options.strict !== undefined) definition.strict = options.strict;
  return definition;
}

/** `anthropicTool` for several tools. */
export function anthropicTools(
  tools: Iterable<AirlockTool>,
  options: AnthropicToolOptions = {},
): Tool[] {
  return [...tools].map((t) => anthropicTool(t, options));
}
