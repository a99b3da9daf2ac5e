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

/** ioredis's own `commandTimeout` rejects with this message. */
export function isTimeout(error: unknown): boolean {
  return (
    error instanceof RedisTimeoutError ||
    (error instanceof Error && error.message === 'Command timed out')
  );
}
