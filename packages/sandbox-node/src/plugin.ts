import { type AirlockPlugin, definePlugin } from '@airlock/core';
import { NodeSandbox } from './node-sandbox.js';
import type { NodeSandboxOptions } from './options.js';

/**
 * The plugin: `createAirlock({ plugins: [nodeSandbox()] })` makes this the sandbox of every
 * sandboxed tool. `airlock.close()` kills its processes.
 */
export function nodeSandbox(
  options: NodeSandboxOptions = {},
): AirlockPlugin & { sandbox: NodeSandbox } {
  const sandbox = new NodeSandbox(options);
  return definePlugin({
    name: 'sandbox-node',
    sandbox,
    health: () => sandbox.health(),
    close: () => sandbox.close(),
  });
}
