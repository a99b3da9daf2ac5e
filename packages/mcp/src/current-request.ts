import { AsyncLocalStorage } from 'node:async_hooks';

const store = new AsyncLocalStorage<unknown>();

/** Runs `fn` with `request` as the MCP request of the tool call in progress. */
export function withMcpRequest<T>(request: unknown, fn: () => T): T {
  return store.run(request, fn);
}

/**
 * The MCP request (v1 `RequestHandlerExtra`, v2 `ServerContext`, or fastmcp's context) of the
 * tool call in progress, for an Airlock tool's `run` that needs it (progress notifications,
 * the abort signal). `undefined` outside a call.
 */
export function currentMcpRequest<T = unknown>(): T | undefined {
  return store.getStore() as T | undefined;
}
