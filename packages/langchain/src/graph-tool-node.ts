import type { AirlockTool } from '@airlock/core';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { type AirlockLangChainToolOptions, airlockLangChainTools } from './langchain-tool.js';

export interface AirlockToolNodeOptions extends AirlockLangChainToolOptions {
  /** Node name (default `tools`). */
  name?: string;
  tags?: string[];
}

/**
 * A LangGraph `ToolNode` running Airlock tools, for hand-built graphs. Each call's raw arguments
 * reach Airlock; the context comes from the graph's `context` (`graph.invoke(input, { context })`)
 * and its `thread_id`; a blocked call is answered with a `ToolMessage` of `status: 'error'`.
 * Bind the same tools to the model with `airlockLangChainTools(tools)` (or `node.tools`).
 */
export function airlockToolNode(
  tools: Iterable<AirlockTool>,
  options: AirlockToolNodeOptions = {},
): ToolNode {
  const { name, tags, ...toolOptions } = options;
  return new ToolNode(airlockLangChainTools(tools, toolOptions), {
    ...(name ? { name } : {}),
    ...(tags ? { tags } : {}),
  });
}
