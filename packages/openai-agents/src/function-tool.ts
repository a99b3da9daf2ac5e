import type { AirlockContext, AirlockTool } from '@airlock/core';
import {
  type Agent,
  defineToolInputGuardrail,
  defineToolOutputGuardrail,
  type FunctionTool,
  type RunContext,
  ToolGuardrailFunctionOutputFactory,
  tool,
} from '@openai/agents';
import {
  AirlockBlockedOutput,
  defaultFormatError,
  type ErrorFormatter,
  isAirlockBlockedOutput,
} from './blocked-output.js';
import { airlockContextFromRunContext, type RunContextMapper } from './context-bridge.js';
import { dropStrictNulls } from './strict-nulls.js';

export interface AirlockFunctionToolOptions<C = any> {
  /** Maps the run context to the Airlock context. Default: `airlockContextFromRunContext`. */
  context?: RunContextMapper<C>;
  /** Passed to the SDK's `tool()`: ask a human before the call runs. */
  needsApproval?:
    | boolean
    | ((runContext: RunContext<C>, input: any, callId?: string) => Promise<boolean>);
  /** Passed to the SDK's `tool()`: hide the tool from some runs. */
  isEnabled?:
    | boolean
    | ((args: { runContext: RunContext<C>; agent: Agent<any, any> }) => boolean | Promise<boolean>);
  /** How a blocked call reads for the model. Default: `formatErrorForModel`. */
  formatError?: ErrorFormatter;
}

/**
 * Exposes an Airlock tool to the OpenAI Agents SDK as a function tool.
 *
 * The model sees the tool's JSON Schema in OpenAI strict form. A zod-parsing SDK would drop
 * unknown ("ghost") arguments before `execute`, so Airlock works where the raw JSON is visible:
 * - a tool input guardrail runs `check` on the model's raw arguments: ghost arguments, invalid
 *   types, a missing role or a closed time window become `rejectContent(error text)`, the tool
 *   does not run and the model reads what to fix;
 * - `execute` runs the whole Airlock call on the raw arguments (limits, the tool, masking and
 *   truncation), so the output the model sees is the masked one;
 * - a tool output guardrail turns a call blocked at that point (rate limit, budget, failure)
 *   into `rejectContent(error text)` as well.
 */
export function airlockFunctionTool<C = any>(
  airlockTool: AirlockTool,
  options: AirlockFunctionToolOptions<C> = {},
): FunctionTool<C, any, unknown> {
  const mapContext: RunContextMapper<C> =
    options.context ?? (airlockContextFromRunContext as RunContextMapper<C>);
  const formatError = options.formatError ?? defaultFormatError;
  const schema = airlockTool.jsonSchema;
  const contextOf = (
    runContext: RunContext<C> | undefined,
    agent: Agent<any, any> | undefined,
  ): AirlockContext => mapContext(runContext, agent) ?? {};
  const rawArgs = (json: string): unknown => {
    try {
      return dropStrictNulls(schema, JSON.parse(json));
    } catch {
      return json; // Airlock answers invalid JSON with a model-facing error of its own.
    }
  };

  // `execute` is not told which agent runs it; the input guardrail, which always runs first, is.
  // Remember the agent per run and call id so both see the same Airlock context.
  const agents = new WeakMap<object, Map<string, Agent<any, any>>>();

  const inputGuardrail = defineToolInputGuardrail<C>({
    name: `airlock_input:${airlockTool.name}`,
    run: async ({ toolCall, context, agent }) => {
      if (context && toolCall.callId) {
        const byCall = agents.get(context) ?? new Map<string, Agent<any, any>>();
        agents.set(context, byCall);
        byCall.set(toolCall.callId, agent);
      }
      const checked = await airlockTool.check(
        rawArgs(toolCall.arguments),
        contextOf(context, agent),
      );
      if (checked.ok)
        return ToolGuardrailFunctionOutputFactory.allow({ airlock: { callId: checked.callId } });
      return ToolGuardrailFunctionOutputFactory.rejectContent(formatError(checked.error), {
        airlock: checked.error,
      });
    },
  });

  const outputGuardrail = defineToolOutputGuardrail<C>({
    name: `airlock_output:${airlockTool.name}`,
    run: async ({ output }) => {
      if (isAirlockBlockedOutput(output)) {
        return ToolGuardrailFunctionOutputFactory.rejectContent(output.text, {
          airlock: output.error,
        });
      }
      return ToolGuardrailFunctionOutputFactory.allow();
    },
  });

  const config = {
    name: airlockTool.name,
    description: airlockTool.description,
    strict: true,
    ...(options.needsApproval !== undefined ? { needsApproval: options.needsApproval } : {}),
    ...(options.isEnabled !== undefined ? { isEnabled: options.isEnabled } : {}),
    inputGuardrails: [inputGuardrail],
    outputGuardrails: [outputGuardrail],
    execute: async (
      parsed: unknown,
      runContext?: RunContext<C>,
      details?: { toolCall?: { arguments?: string; callId?: string } },
    ) => {
      // The raw JSON keeps ghost arguments; without it (a direct `invoke`) use what the SDK parsed.
      const raw =
        typeof details?.toolCall?.arguments === 'string'
          ? rawArgs(details.toolCall.arguments)
          : parsed;
      const callId = details?.toolCall?.callId;
      const byCall = runContext ? agents.get(runContext) : undefined;
      const agent = callId ? byCall?.get(callId) : undefined;
      if (callId) byCall?.delete(callId);
      const result = await airlockTool.call(raw, contextOf(runContext, agent));
      if (result.ok) return result.output;
      return new AirlockBlockedOutput(result.error, formatError(result.error));
    },
  };
  return createTool(config, airlockTool);
}

/**
 * The SDK validates arguments with the tool's schema before any guardrail runs, and when that
 * fails it replaces whatever the guardrail says with "Error details are redacted". Airlock's
 * error is the useful one, so the tool is given its schema as plain JSON Schema: the SDK then
 * advertises it in strict form but does not validate, and Airlock does. zod's JSON Schema output
 * carries a hidden Standard Schema validator, hence the JSON round trip. Should the SDK refuse
 * that schema for strict mode, the zod schema is the fallback (then a mistyped argument reaches
 * the model as the SDK's redacted error, not Airlock's).
 */
function createTool<C>(
  config: Record<string, unknown>,
  airlockTool: AirlockTool,
): FunctionTool<C, any, unknown> {
  const plainSchema = JSON.parse(JSON.stringify(airlockTool.jsonSchema)) as Record<string, unknown>;
  try {
    return tool({ ...config, parameters: plainSchema } as any) as unknown as FunctionTool<
      C,
      any,
      unknown
    >;
  } catch {
    return tool({ ...config, parameters: airlockTool.input } as any) as unknown as FunctionTool<
      C,
      any,
      unknown
    >;
  }
}

/** `airlockFunctionTool` for several tools at once. */
export function airlockFunctionTools<C = any>(
  tools: Iterable<AirlockTool>,
  options: AirlockFunctionToolOptions<C> = {},
): FunctionTool<C, any, unknown>[] {
  return [...tools].map((t) => airlockFunctionTool<C>(t, options));
}
