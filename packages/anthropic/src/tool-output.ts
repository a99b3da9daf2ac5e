import { type AirlockError, formatErrorForModel, formatOutputForModel } from '@airlock/core';

/** How a blocked call reads for the model. Default: `formatErrorForModel`. */
export type ErrorFormatter = (error: AirlockError) => string;

export const defaultFormatError: ErrorFormatter = formatErrorForModel;

/** `tool_result` content for a tool's output: text as is, anything else as JSON. */
export const outputText: (output: unknown) => string = formatOutputForModel;
