export { detectCapabilities, type NodeCapabilities } from './node-flags.js';
export { NodeSandbox, type NodeSandboxOptions, type NodeSandboxStats } from './node-sandbox.js';
export { nodeSandbox } from './plugin.js';
