export { type AirlockMiddlewareOptions, airlockMiddleware } from '../agent-middleware.js';
