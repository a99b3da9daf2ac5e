export {
  airlockRunnableTool,
  airlockRunnableTools,
  type RunnableToolOptions,
} from './runnable-tool.js';
export { type AnthropicToolOptions, anthropicTool, anthropicTools } from './tool-definition.js';
export { type ErrorFormatter, outputText } from './tool-output.js';
export {
  airlockToolResults,
  type MessageLike,
  type ToolResultsOptions,
  type ToolSet,
  type ToolUseContext,
} from './tool-results.js';
