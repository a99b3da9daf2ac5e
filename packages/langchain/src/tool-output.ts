import {
  type AirlockError,
  formatErrorForModel,
  formatOutputForModel,
  type ToolCallResult,
} from '@airlock/core';
import { ToolMessage } from '@langchain/core/messages';

/** How a blocked call reads for the model. Default: `formatErrorForModel`. */
export type ErrorFormatter = (error: AirlockError) => string;

export const defaultFormatError: ErrorFormatter = formatErrorForModel;

/** Tool message content for a tool's output: text as is, anything else as JSON. */
export const outputText: (output: unknown) => string = formatOutputForModel;

/**
 * The `ToolMessage` answering one tool call: the masked output, or `status: 'error'` with the
 * model-facing text (the full Airlock error rides along as the artifact, never sent to a model).
 */
export function toolMessageFor(
  result: ToolCallResult,
  toolCallId: string,
  name: string,
  formatError: ErrorFormatter,
): ToolMessage {
  if (result.ok) {
    return new ToolMessage({
      content: outputText(result.output),
      tool_call_id: toolCallId,
      name,
      status: 'success',
    });
  }
  return new ToolMessage({
    content: formatError(result.error),
    tool_call_id: toolCallId,
    name,
    status: 'error',
    artifact: { airlock: result.error },
  });
}
