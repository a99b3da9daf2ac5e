import { z } from 'zod';
import { AirlockConfigError } from '../errors.js';
import type { ToolDefinition } from '../tool-definition.js';
import { exampleValue } from '../validation/examples.js';
import { type SchemaNode, toSchemaNode } from '../validation/schema-tree.js';

const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A checked tool definition with everything derived from its schema computed once. */
export interface CompiledTool {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodObject;
  readonly definition: ToolDefinition;
  readonly schemaNode: SchemaNode;
  readonly jsonSchema: Record<string, unknown>;
  /** A valid example call, for hints. */
  readonly example: unknown;
}

export function compileTool(def: ToolDefinition): CompiledTool {
  if (!def || typeof def !== 'object')
    throw new AirlockConfigError('expected a tool definition object', 'tool');
  const where = typeof def.name === 'string' ? `tool '${def.name}'` : 'tool';
  if (typeof def.name !== 'string' || !TOOL_NAME.test(def.name)) {
    throw new AirlockConfigError(
      `name must be 1-64 characters of letters, digits, '_' or '-' (what every model API accepts), got ${JSON.stringify(def.name)}`,
      `${where}.name`,
    );
  }
  if (typeof def.description !== 'string' || def.description.trim().length === 0) {
    throw new AirlockConfigError(
      'description must be a non-empty string: the model reads it to pick the tool',
      `${where}.description`,
    );
  }
  if (!(def.input instanceof z.ZodObject)) {
    throw new AirlockConfigError(
      'input must be a zod 4 object schema, e.g. z.object({ id: z.number() })',
      `${where}.input`,
    );
  }
  if (typeof def.run !== 'function')
    throw new AirlockConfigError('run must be a function', `${where}.run`);
  if (def.timeoutMs !== undefined && !(Number.isFinite(def.timeoutMs) && def.timeoutMs > 0)) {
    throw new AirlockConfigError(
      'timeoutMs must be a positive number of milliseconds',
      `${where}.timeoutMs`,
    );
  }
  if (def.ghostArgs !== undefined && def.ghostArgs !== 'strict' && def.ghostArgs !== 'permissive') {
    throw new AirlockConfigError(
      `ghostArgs must be 'strict' or 'permissive'`,
      `${where}.ghostArgs`,
    );
  }
  for (const key of ['maxChars', 'maxTokens'] as const) {
    const v = def.output?.[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      throw new AirlockConfigError(`${key} must be a positive integer`, `${where}.output.${key}`);
    }
  }
  const schemaNode = toSchemaNode(def.input);
  return {
    name: def.name,
    description: def.description,
    input: def.input,
    definition: def,
    schemaNode,
    jsonSchema: toJsonSchema(def.input, where),
    example: exampleValue(schemaNode),
  };
}

/**
 * Draft 2020-12 JSON Schema of the arguments. `z.date()` is advertised as a date-time string
 * (the JSON form the model sends and Airlock accepts); the `$schema` key is dropped because
 * several model APIs reject it.
 */
function toJsonSchema(input: z.ZodObject, where: string): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(input, {
      io: 'input',
      unrepresentable: 'any',
      override: (ctx) => {
        const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
        if (def.type === 'date') {
          ctx.jsonSchema.type = 'string';
          ctx.jsonSchema.format = 'date-time';
        }
      },
    }) as Record<string, unknown>;
  } catch (error) {
    throw new AirlockConfigError(
      `input cannot be turned into JSON Schema: ${(error as Error).message}`,
      `${where}.input`,
    );
  }
  delete schema.$schema;
  return closeObjects(schema);
}

/** Marks every object schema `additionalProperties: false` unless it declares its own. */
function closeObjects(schema: Record<string, unknown>): Record<string, unknown> {
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (obj.type === 'object' && obj.properties && obj.additionalProperties === undefined)
      obj.additionalProperties = false;
    for (const value of Object.values(obj)) visit(value);
  };
  visit(schema);
  return schema;
}
