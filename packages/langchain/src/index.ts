export {
  airlockContextFromRuntime,
  type LangChainRuntimeLike,
  type RuntimeContextMapper,
} from './context-mapper.js';
export {
  type AirlockLangChainToolOptions,
  airlockLangChainTool,
  airlockLangChainTools,
} from './langchain-tool.js';
export { passthroughSchema } from './passthrough-schema.js';
export { type ErrorFormatter, outputText } from './tool-output.js';
