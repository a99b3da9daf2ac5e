export { budgetConformance } from './budget-conformance.js';
export type { HarnessFactory, StoreHarness } from './harness.js';
export {
  HOSTILE_INPUTS,
  type HostileInput,
  hostileText,
  type LinearTimeOptions,
  type LinearTimeResult,
  measureLinearTime,
} from './linear-time.js';
export { rateLimitStoreConformance } from './rate-limit-store-conformance.js';
export { ReferenceSanitizerEngine } from './reference-engine.js';
export { referenceScanText } from './reference-scan.js';
export { sharedBreakerConformance } from './shared-breaker-conformance.js';
export { stateStoreConformance } from './state-store-conformance.js';
