export { detectCapabilities, type NodeCapabilities } from './node-flags.js';
export { NodeSandbox } from './node-sandbox.js';
export type { NodeSandboxOptions, NodeSandboxStats } from './options.js';
export { nodeSandbox } from './plugin.js';
