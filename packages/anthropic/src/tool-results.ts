import type { AirlockContext, AirlockTool } from '@airlock/core';
import type {
  ContentBlock,
  ToolResultBlockParam,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages';
import { defaultFormatError, type ErrorFormatter, outputText } from './tool-output.js';

/** The tools a handler may run: a list, or a name → tool map (such as `airlock.tools`). */
export type ToolSet = Iterable<AirlockTool> | ReadonlyMap<string, AirlockTool>;

/** The Airlock context of one `tool_use` block: fixed, or chosen per block. */
export type ToolUseContext =
  | AirlockContext
  | ((toolUse: ToolUseBlock) => AirlockContext | undefined);

export interface ToolResultsOptions {
  context?: ToolUseContext;
  formatError?: ErrorFormatter;
}

/** A Messages API message, or just its content blocks. */
export type MessageLike =
  | { content: readonly ContentBlock[] | readonly { type: string }[] }
  | readonly { type: string }[];

/**
 * Runs every `tool_use` block of an assistant message through Airlock and returns the
 * `tool_result` blocks to send back in the next user message, in the same order. The raw `input`
 * of each block reaches Airlock (so ghost arguments are seen); a blocked call becomes
 * `is_error: true` with the model-facing error text; output is masked and truncated. It never
 * throws for a blocked call or an unknown tool.
 */
export async function airlockToolResults(
  tools: ToolSet,
  message: MessageLike,
  options: ToolResultsOptions = {},
): Promise<ToolResultBlockParam[]> {
  const byName = toMap(tools);
  const formatError = options.formatError ?? defaultFormatError;
  const blocks = (
    Array.isArray(message) ? message : (message as { content: readonly { type: string }[] }).content
  ) as readonly {
    type: string;
  }[];
  const uses = blocks.filter((b): b is ToolUseBlock => b.type === 'tool_use');
  return Promise.all(
    uses.map(async (use): Promise<ToolResultBlockParam> => {
      const tool = byName.get(use.name);
      if (!tool) {
        const known = [...byName.keys()].join(', ') || 'none';
        return errorResult(
          use.id,
          `Error: there is no tool named '${use.name}'. Available tools: ${known}.`,
        );
      }
      const context =
        typeof options.context === 'function' ? options.context(use) : options.context;
      const result = await tool.call(use.input, context);
      if (!result.ok) return errorResult(use.id, formatError(result.error));
      return { type: 'tool_result', tool_use_id: use.id, content: outputText(result.output) };
    }),
  );
}

function errorResult(id: string, text: string): ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: id, content: text, is_error: true };
}

export function toMap(tools: ToolSet): ReadonlyMap<string, AirlockTool> {
  if (tools instanceof Map) return tools as ReadonlyMap<string, AirlockTool>;
  const map = new Map<string, AirlockTool>();
  for (const t of tools as Iterable<AirlockTool>) map.set(t.name, t);
  return map;
}
