/**
 * The contract for shared state: conversation tracking, circuit-breaker state, budgets and PII
 * tokens all build on these few atomic primitives, so a Redis implementation can make each one a
 * single round trip and N processes see one consistent state.
 */

export interface IncrementResult {
  /** Whether the increment was applied (false when it would have crossed `max`). */
  applied: boolean;
  /** The value after the call (unchanged when not applied). */
  value: number;
}

export interface StateStore {
  readonly name: string;
  /** The store's clock in ms. Shared stores answer with the server's time, not the worker's. */
  now(): Promise<number>;
  get(key: string): Promise<string | undefined>;
  /** Sets `key`; `ttlMs` (> 0) makes it expire. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets `key` only if it does not exist. Returns whether it was set. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Adds `delta` to the number at `key` (missing = 0) atomically. With `max`, the add is applied
   * only if the result stays `<= max`. `ttlMs` refreshes the key's expiry on every applied call.
   */
  increment(
    key: string,
    delta: number,
    options?: { max?: number; ttlMs?: number },
  ): Promise<IncrementResult>;
  /** Forget every key (tests). */
  reset?(): Promise<void>;
  close?(): Promise<void>;
}
