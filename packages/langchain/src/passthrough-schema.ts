import type { AirlockTool } from '@airlock/core';

/**
 * A Standard JSON Schema for a LangChain tool that shows the model the Airlock tool's real JSON
 * Schema but lets every argument through untouched. LangChain would otherwise parse the
 * arguments first: a zod schema drops unknown ("ghost") arguments, and a JSON Schema rejects a
 * mistyped one with its own message, before Airlock ever sees the call. Airlock validates
 * instead, strictly, and answers with an error the model can act on.
 */
export function passthroughSchema(airlockTool: AirlockTool): Record<string, unknown> {
  const jsonSchema = () => structuredClone(airlockTool.jsonSchema);
  return {
    '~standard': {
      version: 1,
      vendor: 'airlock',
      validate: (value: unknown) => ({ value }),
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  };
}
