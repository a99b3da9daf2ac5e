import type { AirlockTool } from '@airlock/core';
import { z } from 'zod';

/**
 * The input schema an Airlock tool is registered with. Every MCP server parses arguments with
 * the registered schema before the tool callback runs: zod's default object drops unknown
 * ("ghost") arguments, and a strict one rejects them with a protocol error Airlock never sees.
 * So the registered schema accepts any object untouched (`z.looseObject({})`), and its JSON
 * Schema metadata is the tool's real JSON Schema, which zod's JSON Schema output (used by the
 * v1 and v2 SDKs and by fastmcp for `tools/list`) reports instead of the empty object. The
 * model is shown the real schema; Airlock validates the raw arguments.
 */
export function mcpInputSchema(airlockTool: AirlockTool): z.ZodObject {
  const { $schema: _drop, ...jsonSchema } = structuredClone(airlockTool.jsonSchema) as Record<
    string,
    unknown
  >;
  return z.looseObject({}).meta(jsonSchema) as unknown as z.ZodObject;
}
