/** An attempt that did not finish in time. It counts as a failure for breakers and retries. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

/**
 * Races `pending` against one timer. On timeout it calls `onTimeout` (to abort the work) and
 * rejects with `TimeoutError`; the timer is always cleared, so nothing is left running.
 */
export function withTimeout<T>(
  pending: Promise<T>,
  timeoutMs: number,
  onTimeout?: (error: TimeoutError) => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(timeoutMs);
      try {
        onTimeout?.(error);
      } finally {
        reject(error);
      }
    }, timeoutMs);
  });
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}

/** Waits `ms`, or less if `signal` aborts (then resolves false). */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
