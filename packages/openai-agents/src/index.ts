export {
  airlockInputGuardrail,
  airlockModelInputFilter,
  airlockOutputGuardrail,
  maskedFinalOutput,
  type SensitiveInputGuardrailOptions,
  type SensitiveOutputGuardrailOptions,
} from './agent-guardrails.js';
export {
  AirlockBlockedOutput,
  type ErrorFormatter,
  isAirlockBlockedOutput,
} from './blocked-output.js';
export { airlockContextFromRunContext, type RunContextMapper } from './context-bridge.js';
export {
  type AirlockFunctionToolOptions,
  airlockFunctionTool,
  airlockFunctionTools,
} from './function-tool.js';
export { SECRET_TYPES, type TripOn } from './sensitive-data.js';
export { dropStrictNulls } from './strict-nulls.js';
