import { ReplyError } from 'ioredis';

/** Redis could not answer: not connected, timed out, or the backend is closed. Retryable. */
export class RedisUnavailableError extends Error {
  override readonly name: string = 'RedisUnavailableError';
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A command took longer than `commandTimeoutMs`. */
export class RedisTimeoutError extends RedisUnavailableError {
  override readonly name = 'RedisTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Maps what a command rejected with to what callers see: an error Redis itself replied with
 * (a script's error, WRONGTYPE) is passed through; anything else means Redis did not answer
 * (socket closed, not writable, ioredis's "Command timed out") and becomes retryable.
 */
export function toStoreError(error: unknown, timeoutMs: number): Error {
  if (error instanceof RedisUnavailableError) return error;
  if (error instanceof ReplyError) return error as Error;
  if (error instanceof Error && error.message === 'Command timed out')
    return new RedisTimeoutError(timeoutMs);
  const message = error instanceof Error ? error.message : String(error);
  return new RedisUnavailableError(`Redis is unavailable: ${message}`, { cause: error });
}
