import { randomUUID } from 'node:crypto';
import {
  type AirlockContext,
  type AirlockError,
  type AirlockTool,
  airlockError,
  formatErrorForModel,
  formatOutputForModel,
  type ToolCallResult,
} from '@airlock/core';

/** How a blocked call reads for the model. Default: `formatErrorForModel`. */
export type ErrorFormatter = (error: AirlockError) => string;

export const defaultFormatError: ErrorFormatter = formatErrorForModel;

/** A `CallToolResult` as both SDK versions and fastmcp read it. */
export interface CallToolResultLike {
  content: { type: string; [k: string]: unknown }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  [k: string]: unknown;
}

/** Where the full Airlock error of a blocked call rides along (not shown to models). */
export const AIRLOCK_ERROR_META_KEY = 'airlock/error';

/**
 * The result a client receives. A blocked call is `isError: true` with the model-facing text
 * (and the full error under `_meta['airlock/error']`): the model reads it and can retry; it is
 * not a protocol error. Output that already is a `CallToolResult` passes through (masked by
 * Airlock); text becomes a text block; other values become JSON text plus `structuredContent`.
 */
export function toCallToolResult(
  result: ToolCallResult,
  formatError: ErrorFormatter,
): CallToolResultLike {
  if (!result.ok) {
    return {
      content: [{ type: 'text', text: formatError(result.error) }],
      isError: true,
      _meta: { [AIRLOCK_ERROR_META_KEY]: result.error },
    };
  }
  const output = result.output;
  if (isCallToolResult(output)) return output;
  if (output === undefined || output === null) return { content: [] };
  if (typeof output === 'string') return { content: [{ type: 'text', text: output }] };
  const text = formatOutputForModel(output);
  const isPlainObject = typeof output === 'object' && !Array.isArray(output);
  return {
    content: [{ type: 'text', text }],
    ...(isPlainObject ? { structuredContent: output as Record<string, unknown> } : {}),
  };
}

function isCallToolResult(value: unknown): value is CallToolResultLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { content?: unknown }).content)
  );
}

/**
 * Runs the Airlock call with the context mapped from the request. A mapper that throws must not
 * turn into a protocol error nor let the call through unidentified: the call is blocked.
 */
export async function guardedCall<R>(
  airlockTool: AirlockTool,
  raw: unknown,
  mapContext: (request: R | undefined) => AirlockContext | undefined,
  request: R | undefined,
): Promise<ToolCallResult> {
  let context: AirlockContext;
  try {
    context = mapContext(request) ?? {};
  } catch {
    const error = airlockError(
      'TOOL_DENIED',
      airlockTool.name,
      'The caller of this tool could not be identified, so the call was blocked.',
      { fixHints: ['This is a problem in the server, not in the arguments: do not retry.'] },
    );
    return { ok: false, callId: randomUUID(), error };
  }
  return airlockTool.call(raw, context);
}
