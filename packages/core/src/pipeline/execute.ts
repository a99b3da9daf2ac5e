import { airlockError, ToolError } from '../errors.js';
import type { ToolRunContext } from '../tool-definition.js';
import type { CallState, Stage } from './call-state.js';

/**
 * Runs the tool with its time limit. A tool that throws gives TOOL_FAILED with a safe message:
 * the real error goes to the audit log and observers, never to the model. A `ToolError` thrown on
 * purpose passes its message through.
 */
export const executeStage: Stage = (state) => {
  state.executed = true;
  const timeoutMs = state.tool.definition.timeoutMs ?? state.runtime.timeoutMs;
  const { ctx, abort } = runContext(state);
  let result: unknown;
  try {
    result = state.tool.definition.run(state.args as never, ctx);
  } catch (error) {
    fail(state, error);
    return;
  }
  if (!isPromise(result)) {
    state.output = result;
    return;
  }
  return settle(state, result, timeoutMs, abort);
};

async function settle(
  state: CallState,
  pending: Promise<unknown>,
  timeoutMs: number,
  abort: (reason: unknown) => void,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ToolTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    state.output = await Promise.race([pending, timeout]);
  } catch (error) {
    if (error instanceof ToolTimeoutError) abort(error);
    fail(state, error);
  } finally {
    clearTimeout(timer);
  }
}

class ToolTimeoutError extends Error {
  override readonly name = 'ToolTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`tool timed out after ${timeoutMs} ms`);
  }
}

/**
 * The tool's context. The AbortController is created only if the tool reads `signal`, so tools
 * that ignore it pay nothing for it.
 */
function runContext(state: CallState): { ctx: ToolRunContext; abort: (reason: unknown) => void } {
  let controller: AbortController | undefined;
  const shutdown = state.runtime.shutdown.signal;
  const ctx = {
    ...state.context,
    callId: state.callId,
    tool: state.tool.name,
  } as ToolRunContext;
  Object.defineProperty(ctx, 'signal', {
    enumerable: true,
    get(): AbortSignal {
      if (!controller) {
        controller = new AbortController();
        if (shutdown.aborted) controller.abort(shutdown.reason);
        else
          shutdown.addEventListener('abort', () => controller!.abort(shutdown.reason), {
            once: true,
          });
      }
      return controller.signal;
    },
  });
  return { ctx, abort: (reason) => controller?.abort(reason) };
}

export function fail(state: CallState, error: unknown): void {
  state.internalError = error;
  const tool = state.tool.name;
  const idempotent = state.tool.definition.idempotent === true;
  if (error instanceof ToolTimeoutError) {
    state.error = airlockError(
      'TOOL_FAILED',
      tool,
      `'${tool}' did not finish within ${error.timeoutMs} ms and was stopped.`,
      {
        retryable: idempotent,
        fixHints: idempotent
          ? ['Retry once; if it times out again, tell the user the service is slow.']
          : ['Do not retry automatically: the action may have happened. Check its effect first.'],
        details: { reason: 'timeout', timeoutMs: error.timeoutMs },
      },
    );
    return;
  }
  if (error instanceof ToolError) {
    const retryable = error.options.retryable ?? false;
    state.error = airlockError('TOOL_FAILED', tool, error.message, {
      retryable,
      ...(error.options.retryAfterMs !== undefined
        ? { retryAfterMs: error.options.retryAfterMs }
        : {}),
      fixHints: error.options.hints ?? (retryable ? ['Retry the call.'] : []),
    });
    return;
  }
  state.error = airlockError(
    'TOOL_FAILED',
    tool,
    `'${tool}' failed while running. The details were logged for the operators.`,
    {
      retryable: idempotent,
      fixHints: idempotent
        ? ['You may retry once.']
        : ['Do not retry automatically: tell the user the action failed.'],
    },
  );
}

export function isPromise(value: unknown): value is Promise<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
