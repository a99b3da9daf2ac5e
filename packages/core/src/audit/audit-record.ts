import type { AirlockErrorCode } from '../errors.js';

/** One line of the audit log: one per call, blocked or not. Every field is JSON. */
export interface AuditRecord {
  /** ISO 8601 time the call started. */
  time: string;
  callId: string;
  tool: string;
  outcome: 'allowed' | 'blocked' | 'failed';
  code?: AirlockErrorCode;
  /** The model-facing message of a blocked or failed call. */
  message?: string;
  /** The real error behind TOOL_FAILED / SANDBOX_FAILED (never shown to the model). */
  internalError?: string;
  agentId?: string;
  workspaceId?: string;
  userId?: string;
  conversationId?: string;
  roles?: string[];
  durationMs: number;
  /** Masked, shortened JSON of the arguments. */
  argsPreview?: string;
  /** Masked, shortened output. */
  outputPreview?: string;
  sanitizedCount: number;
  /** Entity types masked in the output, with counts. */
  findings?: Record<string, number>;
  truncated: boolean;
  /** Unknown arguments stripped in permissive mode. */
  strippedArgs?: string[];
  streamed?: boolean;
  inputTokens?: number;
  outputTokens?: number;
}

/** Where audit records go. `write` must not throw and must not block the call. */
export interface AuditSink {
  write(record: AuditRecord): void;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}
