export {
  AIRLOCK_ERROR_META_KEY,
  type CallToolResultLike,
  type ErrorFormatter,
  toCallToolResult,
} from './call-result.js';
export {
  airlockContextFromFastMcp,
  airlockContextFromMcpRequest,
  type FastMcpContextLike,
  type FastMcpContextMapper,
  type McpAuthInfoLike,
  type McpContextMapper,
  type McpRequestLike,
} from './context-mapper.js';
export { currentMcpRequest } from './current-request.js';
export {
  type AddAirlockToolOptions,
  addAirlockTool,
  addAirlockTools,
  type FastMcpLike,
} from './fastmcp.js';
export { mcpInputSchema } from './passthrough-schema.js';
export {
  type McpServerLike,
  type RegisterAirlockToolOptions,
  registerAirlockTool,
  registerAirlockTools,
} from './register-tool.js';
export { type SecureMcpServerOptions, secureMcpServer } from './secure-server.js';
