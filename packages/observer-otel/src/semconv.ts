/**
 * Semantic-convention names, copied here on purpose: the `gen_ai.*` ones have Development
 * status and moved out of `@opentelemetry/semantic-conventions` (whose `/incubating` entry point
 * must not be imported at run time), so instrumentation keeps its own copy.
 */

// OpenTelemetry GenAI conventions (Development).
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = 'execute_tool';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const GEN_AI_TOOL_TYPE_VALUE_FUNCTION = 'function';
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';

// Stable general conventions.
export const ATTR_ERROR_TYPE = 'error.type';

// Airlock's own namespace.
export const ATTR_AIRLOCK_CALL_ID = 'airlock.call.id';
export const ATTR_AIRLOCK_OUTCOME = 'airlock.outcome';
export const ATTR_AIRLOCK_BLOCKED = 'airlock.blocked';
export const ATTR_AIRLOCK_CODE = 'airlock.code';
export const ATTR_AIRLOCK_SANITIZED_COUNT = 'airlock.sanitized_count';
export const ATTR_AIRLOCK_TRUNCATED = 'airlock.truncated';
export const ATTR_AIRLOCK_WORKSPACE_ID = 'airlock.workspace.id';
export const ATTR_AIRLOCK_USER_ID = 'airlock.user.id';
export const ATTR_AIRLOCK_COST = 'airlock.cost';
export const ATTR_AIRLOCK_PII_TYPE = 'airlock.pii.type';
export const ATTR_AIRLOCK_CIRCUIT_STATE = 'airlock.circuit.state';

/** Latency buckets in seconds: Airlock's own blocks take microseconds, tools up to minutes. */
export const DEFAULT_LATENCY_BUCKETS_S = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24,
  20.48, 40.96, 81.92,
];
