/**
 * Exponential backoff with full jitter (Marc Brooker, "Exponential Backoff and Jitter"): the
 * delay before retry `attempt` (1 = the first retry) is uniform in [0, min(maxDelay, base * 2^(attempt-1))].
 * Spreading retries over the whole interval is what stops many clients from retrying in step.
 */
export function fullJitterDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = random();
  // A random source outside [0, 1) must not push the delay past the cap.
  const u = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.min(maxDelayMs, Math.floor(u * exp));
}
