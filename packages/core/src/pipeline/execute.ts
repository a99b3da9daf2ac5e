import { airlockError, ToolError } from '../errors.js';
import { CircuitOpenError } from '../resilience/circuit-breaker.js';
import { type PoliciesOutcome, runWithPolicies } from '../resilience/run-with-policies.js';
import { TimeoutError, withTimeout } from '../resilience/timeout.js';
import type { SandboxRunResult } from '../sandbox/sandbox-provider.js';
import {
  type SandboxPlan,
  sandboxFailure,
  sandboxOutput,
  sandboxRequest,
} from '../sandbox/tool-sandbox.js';
import type { ToolRunContext } from '../tool-definition.js';
import type { CallState, Stage } from './call-state.js';

/**
 * Runs the tool: directly, or in its sandbox; under its breaker and retry policy when it has
 * them, each attempt with its time limit. Every check has passed by now (the order in
 * run-call.ts), so nothing here runs for a call that was invalid or denied.
 *
 * A tool that throws gives TOOL_FAILED with a safe message: the real error goes to the audit log
 * and observers, never to the model. A `ToolError` thrown on purpose passes its message through.
 */
export const executeStage: Stage = (state) => {
  const plan = state.tool.execution;
  if (plan) return executePlanned(state);
  state.executed = true;
  const timeoutMs = state.tool.definition.timeoutMs ?? state.runtime.timeoutMs;
  const { ctx, abort } = runContext(state);
  let result: unknown;
  try {
    result = state.tool.definition.run!(state.args as never, ctx);
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
  try {
    state.output = await withTimeout(pending, timeoutMs, abort);
  } catch (error) {
    fail(state, error);
  }
}

/** The path of tools with a breaker, retries or a sandbox. */
async function executePlanned(state: CallState): Promise<void> {
  const { policies, sandbox } = state.tool.execution!;
  const timeoutMs = state.tool.definition.timeoutMs ?? state.runtime.timeoutMs;
  const attempt = sandbox
    ? (): Promise<unknown> => sandboxAttempt(state, sandbox, timeoutMs)
    : (): Promise<unknown> => directAttempt(state, timeoutMs);
  const outcome: PoliciesOutcome<unknown> = policies
    ? await runWithPolicies(attempt, policies)
    : await attempt().then(
        (value) => ({ kind: 'ok' as const, value, attempts: 1 }),
        (error: unknown) => ({ kind: 'error' as const, error, attempts: 1 }),
      );
  if (outcome.kind === 'ok') {
    if (!sandbox) {
      state.output = outcome.value;
      return;
    }
    const result = outcome.value as SandboxRunResult;
    if (result.ok) {
      state.output = sandboxOutput(sandbox, result);
      return;
    }
    const limits = { ...sandbox.limits, timeoutMs: sandbox.limits.timeoutMs ?? timeoutMs };
    state.internalError = result.error ?? result.failure;
    state.error = sandboxFailure(
      sandbox,
      state.tool.name,
      result,
      limits,
      state.tool.definition.idempotent === true,
      (text) => maskText(state, text),
    );
    return;
  }
  if (outcome.kind === 'open') {
    if (outcome.lastError !== undefined) state.internalError = outcome.lastError;
    state.error = circuitOpen(state.tool.name, outcome.retryAfterMs, outcome.key, outcome.state);
    return;
  }
  if (outcome.error instanceof CircuitOpenError) {
    // The sandbox provider's own breaker (around its service) is open.
    state.internalError = outcome.error;
    state.error = circuitOpen(
      state.tool.name,
      outcome.error.retryAfterMs,
      outcome.error.key,
      outcome.error.state,
    );
    return;
  }
  if (sandbox) {
    sandboxUnavailable(state, outcome.error, outcome.retryAfterMs);
    return;
  }
  fail(state, outcome.error);
}

/** One try of a plain tool. `executed` is set only once a breaker admitted it. */
async function directAttempt(state: CallState, timeoutMs: number): Promise<unknown> {
  state.executed = true;
  const { ctx, abort } = runContext(state);
  const result = state.tool.definition.run!(state.args as never, ctx);
  return isPromise(result) ? withTimeout(result, timeoutMs, abort) : result;
}

/** How long past its own time limit a provider may take before the stage gives up on it. */
const SANDBOX_GRACE_MS = 2_000;

/**
 * One try in the sandbox. Resolves with the code's outcome (even a failed one: that is the
 * model's code, not the sandbox); rejects when the sandbox could not serve.
 */
async function sandboxAttempt(
  state: CallState,
  plan: SandboxPlan,
  timeoutMs: number,
): Promise<SandboxRunResult> {
  state.executed = true;
  const controller = new AbortController();
  const shutdown = state.runtime.shutdown.signal;
  const onShutdown = (): void => controller.abort(shutdown.reason);
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener('abort', onShutdown, { once: true });
  const request = sandboxRequest(
    plan,
    state.args,
    { callId: state.callId, tool: state.tool.name, context: state.context },
    timeoutMs,
    controller.signal,
  );
  try {
    // The provider enforces the limit itself; this outer timer only catches a provider that hangs.
    return await withTimeout(
      plan.provider.run(request),
      (request.limits?.timeoutMs ?? timeoutMs) + SANDBOX_GRACE_MS,
      (e) => controller.abort(e),
    );
  } finally {
    shutdown.removeEventListener('abort', onShutdown);
  }
}

function circuitOpen(
  tool: string,
  retryAfterMs: number,
  key: string,
  breakerState: 'open' | 'half_open',
) {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return airlockError(
    'CIRCUIT_OPEN',
    tool,
    `'${tool}' is paused because its recent calls failed; Airlock will try it again in about ${seconds} s.`,
    {
      retryable: true,
      retryAfterMs,
      fixHints: [`Wait ${seconds} s before calling '${tool}' again, or continue without it.`],
      details: { breaker: key, state: breakerState },
    },
  );
}

function sandboxUnavailable(
  state: CallState,
  error: unknown,
  retryAfterMs: number | undefined,
): void {
  state.internalError = error;
  const tool = state.tool.name;
  const timedOut = error instanceof TimeoutError;
  state.error = airlockError(
    'SANDBOX_FAILED',
    tool,
    timedOut
      ? `The sandbox for '${tool}' did not answer in time.`
      : `The sandbox for '${tool}' is unavailable right now. The details were logged for the operators.`,
    {
      retryable: (error as { retryable?: unknown })?.retryable !== false,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      fixHints: ['Try again in a little while, or continue without running code.'],
      details: { failure: timedOut ? 'provider_timeout' : 'unavailable' },
    },
  );
}

/** Masks an error excerpt with the output sanitizer before a model reads it. */
function maskText(state: CallState, text: string): string {
  const sanitizer = state.runtime.sanitizer;
  return sanitizer.isEmpty ? text : (sanitizer.mask(text).value as string);
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
  if (error instanceof TimeoutError) {
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
