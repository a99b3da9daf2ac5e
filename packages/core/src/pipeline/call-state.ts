import type { AirlockContext } from '../context.js';
import type { AirlockError } from '../errors.js';
import type { CompiledPolicy, ToolRules } from '../policy/compiled-policy.js';
import type { AirlockRuntime } from '../runtime.js';
import type { Finding } from '../sanitizer/recognizer.js';
import type { CompiledTool } from '../tool/compiled-tool.js';

/** The state of one call as it moves through the stages. */
export interface CallState {
  readonly runtime: AirlockRuntime;
  readonly tool: CompiledTool;
  readonly callId: string;
  readonly startedAt: number;
  /** `performance.now()` at start: sub-millisecond durations when the clock is the system's. */
  readonly startedHr?: number;
  readonly rawArgs: unknown;
  readonly givenContext: AirlockContext | undefined;
  context: AirlockContext;
  policy?: CompiledPolicy;
  rules?: ToolRules;
  /** The arguments after ghost handling (before validation). */
  cleanedArgs?: unknown;
  /** The validated arguments the tool receives. */
  args?: unknown;
  strippedArgs?: string[];
  output?: unknown;
  findings: Finding[];
  truncated: boolean;
  /** Set once the tool started running: its limits stay consumed whatever the outcome. */
  executed?: boolean;
  /** Set by the stage that ends the call. */
  error?: AirlockError;
  /** The real error behind a TOOL_FAILED, for the audit log and observers. */
  internalError?: unknown;
  /** Undo actions for reservations made by earlier limits, run if a later limit denies. */
  releases?: (() => Promise<void>)[];
  /** Actions to run once the tool has succeeded (conversation bookkeeping). */
  onSuccess?: (() => Promise<void>)[];
  /** Actions to run once the tool has run, whatever the outcome (budget settlement). */
  afterRun?: (() => Promise<void>)[];
  /** Tokens and cost of the call, filled in when first needed. */
  usage?: { inputTokens?: number; outputTokens?: number; costMicros?: number };
}

/**
 * One step of the pipeline. It either leaves `state.error` unset (continue) or sets it (the call
 * ends). Stages are synchronous where they can be, so a simple call costs few microtasks.
 */
export type Stage = (state: CallState) => void | Promise<void>;
