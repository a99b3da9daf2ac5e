import { ToolError } from '../errors.js';

/**
 * The default answer to "did the dependency fail?": every error except a `ToolError` that is not
 * retryable. Such a ToolError is the tool's deliberate answer ("no customer 42"), which proves the
 * dependency works; timeouts, crashes and `RetryableToolError`s are failures.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof ToolError) return error.options.retryable === true;
  // Other errors may say so themselves (SandboxUnavailableError for a missing API key).
  if ((error as { retryable?: unknown } | null | undefined)?.retryable === false) return false;
  return true;
}

/** `retryAfterMs` an error carries (`RetryableToolError`, `ToolError({ retryAfterMs })`, or any error with the field). */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof ToolError) return error.options.retryAfterMs;
  const v = (error as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
