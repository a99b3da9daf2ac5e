/**
 * The model-facing error of a blocked or failed call. It is plain JSON so every framework adapter
 * can hand it to the model as is, and it is written for a model to read and retry.
 */

/** Every reason a call can end without output. */
export const ERROR_CODES = [
  'GHOST_ARGUMENTS',
  'VALIDATION_FAILED',
  'TOOL_DENIED',
  'ROLE_DENIED',
  'OUTSIDE_TIME_WINDOW',
  'RATE_LIMITED',
  'BUDGET_EXCEEDED',
  'CIRCUIT_OPEN',
  'SANDBOX_FAILED',
  'TOOL_FAILED',
  'OUTPUT_BLOCKED',
] as const;

export type AirlockErrorCode = (typeof ERROR_CODES)[number];

/** One problem with the arguments, pointing at the argument by its path. */
export interface ArgumentIssue {
  path: (string | number)[];
  /** What the schema wanted, in words a model understands: "integer", "one of red|blue". */
  expected?: string;
  /** What was sent: a JSON type name ("string"), or "missing" / "unknown argument". */
  received?: string;
  message: string;
}

/** The JSON object a model receives when its call is blocked or fails. */
export interface AirlockError {
  code: AirlockErrorCode;
  tool: string;
  message: string;
  issues?: ArgumentIssue[];
  fixHints: string[];
  /** Whether the model can succeed by calling again (after fixing, or after `retryAfterMs`). */
  retryable: boolean;
  retryAfterMs?: number;
  /** Extra machine-readable facts (the limit that was hit, the budget used, ...). */
  details?: Record<string, unknown>;
}

/** Builds an `AirlockError`, leaving out empty optional fields so the JSON stays small. */
export function airlockError(
  code: AirlockErrorCode,
  tool: string,
  message: string,
  extra: Partial<Omit<AirlockError, 'code' | 'tool' | 'message'>> = {},
): AirlockError {
  const error: AirlockError = {
    code,
    tool,
    message,
    fixHints: extra.fixHints ?? [],
    retryable: extra.retryable ?? false,
  };
  if (extra.issues && extra.issues.length > 0) error.issues = extra.issues;
  if (extra.retryAfterMs !== undefined)
    error.retryAfterMs = Math.max(0, Math.ceil(extra.retryAfterMs));
  if (extra.details && Object.keys(extra.details).length > 0) error.details = extra.details;
  return error;
}

/** Renders an error as the plain text a model reads (for frameworks that only take strings). */
export function formatErrorForModel(error: AirlockError): string {
  const lines = [`Error ${error.code} calling ${error.tool}: ${error.message}`];
  for (const hint of error.fixHints) lines.push(`- ${hint}`);
  if (error.retryAfterMs !== undefined) lines.push(`Retry after ${error.retryAfterMs} ms.`);
  lines.push(error.retryable ? 'You may retry.' : 'Do not retry this call.');
  return lines.join('\n');
}

/**
 * Thrown only at start-up (bad configuration or a bad tool definition) and by public helpers
 * given bad input: never at the model during a call.
 */
export class AirlockConfigError extends Error {
  override readonly name = 'AirlockConfigError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
  }
}

/** A model-facing failure a tool throws on purpose: its message reaches the model as is. */
export class ToolError extends Error {
  override readonly name: string = 'ToolError';
  constructor(
    message: string,
    readonly options: { retryable?: boolean; retryAfterMs?: number; hints?: string[] } = {},
  ) {
    super(message);
  }
}

/**
 * A tool may throw this to say it can be retried after a delay (a 429 from an upstream API).
 * The retry policy and the model-facing error both honour `retryAfterMs`.
 */
export class RetryableToolError extends ToolError {
  override readonly name: string = 'RetryableToolError';
  constructor(message: string, retryAfterMs?: number) {
    super(message, { retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
}
