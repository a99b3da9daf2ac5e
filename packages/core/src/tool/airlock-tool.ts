import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AirlockContext } from '../context.js';
import { type AirlockError, airlockError } from '../errors.js';
import type { CallState } from '../pipeline/call-state.js';
import { CALL_STAGES, finishCall, runStages, settleReservations } from '../pipeline/run-call.js';
import type { AirlockRuntime } from '../runtime.js';
import type {
  AirlockTool,
  ToolCallResult,
  ToolDefinition,
  ToolStreamResult,
} from '../tool-definition.js';
import type { CompiledTool } from './compiled-tool.js';
import { streamTool } from './tool-stream.js';

/** Creates the state of a new call. */
export function newCallState(
  runtime: AirlockRuntime,
  tool: CompiledTool,
  rawArgs: unknown,
  givenContext: AirlockContext | undefined,
): CallState {
  return {
    runtime,
    tool,
    callId: randomUUID(),
    startedAt: runtime.clock.now(),
    rawArgs,
    givenContext,
    context: {},
    findings: [],
    truncated: false,
  };
}

export function closedError(tool: string): AirlockError {
  return airlockError('TOOL_FAILED', tool, 'The tool is shutting down and cannot take new calls.', {
    retryable: true,
    retryAfterMs: 1000,
    fixHints: ['Retry in a moment.'],
    details: { reason: 'shutting_down' },
  });
}

/** The guarded tool handed to users and framework adapters. */
export class GuardedTool<S extends z.ZodObject = z.ZodObject, R = unknown>
  implements AirlockTool<S, R>
{
  constructor(
    private readonly runtime: AirlockRuntime,
    private readonly compiled: CompiledTool,
  ) {}

  get name(): string {
    return this.compiled.name;
  }
  get description(): string {
    return this.compiled.description;
  }
  get input(): S {
    return this.compiled.input as S;
  }
  get jsonSchema(): Record<string, unknown> {
    return this.compiled.jsonSchema;
  }
  get definition(): Readonly<ToolDefinition<S, R>> {
    return this.compiled.definition as unknown as ToolDefinition<S, R>;
  }

  async call(args: unknown, context?: AirlockContext): Promise<ToolCallResult<R>> {
    const runtime = this.runtime;
    const state = newCallState(runtime, this.compiled, args, context);
    if (runtime.closed) return { ok: false, callId: state.callId, error: closedError(this.name) };
    runtime.inflight.enter();
    try {
      if (runtime.observers.wants('onCallStart')) {
        runtime.observers.emit('onCallStart', {
          callId: state.callId,
          tool: this.name,
          context: context ?? {},
          startedAt: state.startedAt,
        });
      }
      const pending = runStages(state, CALL_STAGES);
      if (pending) await pending;
      if (state.releases || state.onSuccess) await settleReservations(state);
      finishCall(state);
    } finally {
      runtime.inflight.leave();
    }
    if (state.error) return { ok: false, callId: state.callId, error: state.error };
    return {
      ok: true,
      callId: state.callId,
      output: state.output as R,
      findings: state.findings,
      truncated: state.truncated,
    };
  }

  stream(args: unknown, context?: AirlockContext): Promise<ToolStreamResult> {
    return streamTool(this.runtime, this.compiled, args, context);
  }
}
