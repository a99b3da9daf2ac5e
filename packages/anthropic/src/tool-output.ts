import { type AirlockError, formatErrorForModel } from '@airlock/core';

/** How a blocked call reads for the model. Default: `formatErrorForModel`. */
export type ErrorFormatter = (error: AirlockError) => string;

export const defaultFormatError: ErrorFormatter = formatErrorForModel;

/** `tool_result` content for a tool's output: text as is, anything else as JSON. */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === undefined) return '';
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    return String(output);
  }
}
