export { buildCell, toRunResult } from './e2b-code.js';
export { E2BSandbox, type E2BSandboxOptions, type E2BSandboxStats } from './e2b-sandbox.js';
export type {
  E2BCreateOptions,
  E2BExecutionLike,
  E2BResultLike,
  E2BSandboxFactory,
  E2BSandboxLike,
} from './e2b-types.js';
export { e2bSandbox } from './plugin.js';
export { WarmPool, type WarmPoolOptions } from './warm-pool.js';
