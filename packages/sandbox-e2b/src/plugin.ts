import { type AirlockPlugin, definePlugin } from '@airlock/core';
import { E2BSandbox, type E2BSandboxOptions } from './e2b-sandbox.js';

/**
 * The plugin: `createAirlock({ plugins: [e2bSandbox()] })` makes E2B the sandbox of every
 * sandboxed tool (python and javascript). `airlock.close()` kills every sandbox it created.
 */
export function e2bSandbox(
  options: E2BSandboxOptions = {},
): AirlockPlugin & { sandbox: E2BSandbox } {
  const sandbox = new E2BSandbox(options);
  return definePlugin({
    name: 'sandbox-e2b',
    sandbox,
    health: () => sandbox.health(),
    close: () => sandbox.close(),
  });
}
