import { type Airlock, AirlockConfigError, type ToolDefinition, z } from '@airlock/core';
import { currentMcpRequest } from './current-request.js';
import {
  type McpServerLike,
  type RegisterAirlockToolOptions,
  registerAirlockTool,
} from './register-tool.js';

export interface SecureMcpServerOptions extends RegisterAirlockToolOptions {
  /** Airlock options for every tool registered through the wrapper (output limits, ghost mode, ...). */
  tool?: Pick<ToolDefinition, 'timeoutMs' | 'ghostArgs' | 'output' | 'idempotent' | 'metadata'>;
}

/**
 * Wraps an existing MCP server so that every `registerTool(name, config, callback)` made through
 * the wrapper defines an Airlock tool (from `config.inputSchema`, a zod object or raw shape) and
 * registers it with `registerAirlockTool`: existing servers are guarded by changing one line.
 * The callback still receives `(args, extra)`, with the validated arguments. Everything else is
 * the server itself. Tools registered on the unwrapped server, or with the deprecated `tool()`,
 * are not guarded.
 */
export function secureMcpServer<S extends McpServerLike>(
  server: S,
  airlock: Airlock,
  options: SecureMcpServerOptions = {},
): S {
  const { tool: toolOptions, ...registerOptions } = options;
  const registerTool = (
    name: string,
    config: Record<string, unknown>,
    callback: (args: any, extra: any) => any,
  ) => {
    const { inputSchema, description, ...rest } = config ?? {};
    const airlockTool = airlock.tool({
      ...toolOptions,
      name,
      description:
        typeof description === 'string'
          ? description
          : typeof rest.title === 'string'
            ? rest.title
            : name,
      input: toZodObject(inputSchema, name),
      run: (args) => callback(args, currentMcpRequest()),
    });
    return registerAirlockTool(server, airlockTool, {
      ...registerOptions,
      config: { ...registerOptions.config, ...rest },
    });
  };
  return new Proxy(server, {
    get(target, property) {
      if (property === 'registerTool') return registerTool;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function toZodObject(schema: unknown, tool: string): z.ZodObject {
  if (schema === undefined) return z.object({});
  if (isZodObject(schema)) return schema;
  if (typeof schema === 'object' && schema !== null && Object.values(schema).every(isZodSchema)) {
    return z.object(schema as z.ZodRawShape);
  }
  throw new AirlockConfigError(
    'needs a zod (v4) object schema or a raw shape of zod schemas as inputSchema',
    `tool '${tool}'`,
  );
}

function isZodSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

function isZodObject(value: unknown): value is z.ZodObject {
  return (
    isZodSchema(value) && (value as { _zod: { def: { type: string } } })._zod.def.type === 'object'
  );
}
