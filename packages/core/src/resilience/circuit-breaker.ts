/**
 * The circuit-breaker contract. A breaker stops calling a dependency that keeps failing, so a
 * broken service costs the agent one fast `CIRCUIT_OPEN` instead of a slow failure per call, and
 * the service gets room to recover.
 *
 *   closed ──(failureThreshold consecutive failures, or failure rate over a window)──► open
 *   open ──(recoveryTimeout passed; checked lazily on the next call, no timers)──► half_open
 *   half_open ──(halfOpenRequests trial calls all succeed)──► closed
 *   half_open ──(any trial call fails)──► open
 *
 * In half-open exactly `halfOpenRequests` calls are admitted; every other caller is rejected at
 * once (it never waits for the trial calls), which is what cockatiel 3 and opossum do not offer.
 */

export type BreakerState = 'closed' | 'open' | 'half_open';

/** Proof that a call was admitted; hand it back to `record` with the outcome. */
export interface BreakerTicket {
  /** The breaker period the call was admitted in: outcomes from an older period are ignored. */
  readonly epoch: number;
  /** True for a half-open trial call. */
  readonly probe: boolean;
}

export type BreakerAdmission =
  | { admitted: true; ticket: BreakerTicket }
  | { admitted: false; state: 'open' | 'half_open'; retryAfterMs: number };

/** One change of state, for observers (`circuit_opened`, `circuit_half_open`, `circuit_closed`). */
export interface BreakerTransition {
  key: string;
  from: BreakerState;
  to: BreakerState;
  at: number;
  /** Why: `failure_threshold`, `failure_rate`, `recovery_timeout`, `probe_failed`, `probes_succeeded`. */
  reason: string;
  /** How long it stays open (for `to: 'open'`). */
  retryAfterMs?: number;
}

/**
 * Tells a listener about a transition. A listener failing must not change the breaker's
 * decision, so its errors stop here. Shared by the memory and the shared breaker.
 */
export function notifyTransition(
  listener: (t: BreakerTransition) => void,
  transition: Omit<BreakerTransition, 'retryAfterMs'>,
  recoveryTimeoutMs: number,
): void {
  try {
    listener({
      ...transition,
      ...(transition.to === 'open' ? { retryAfterMs: recoveryTimeoutMs } : {}),
    });
  } catch {
    // Swallowed on purpose: see above.
  }
}

export interface BreakerSnapshot {
  key: string;
  state: BreakerState;
  /** Consecutive failures counted in the closed state. */
  failures: number;
  /** When it opened last, by the breaker's clock. */
  openedAt?: number;
}

export interface CircuitBreaker {
  readonly key: string;
  /** Asks to make one call. Never throws for an open breaker: it answers `admitted: false`. */
  acquire(): BreakerAdmission | Promise<BreakerAdmission>;
  /** Reports how an admitted call went. */
  record(ticket: BreakerTicket, failed: boolean): void | Promise<void>;
  snapshot(): BreakerSnapshot | Promise<BreakerSnapshot>;
}

/** Thrown by `callThroughBreaker` (and by sandbox providers) when a breaker rejects a call. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  constructor(
    readonly key: string,
    readonly retryAfterMs: number,
    readonly state: 'open' | 'half_open' = 'open',
  ) {
    super(
      `circuit '${key}' is ${state === 'open' ? 'open' : 'half-open'}; retry after ${Math.ceil(retryAfterMs)} ms`,
    );
  }
}

/**
 * Runs `fn` through `breaker`: rejects with `CircuitOpenError` when the breaker does not admit the
 * call, and records the outcome (`isFailure` decides whether an error counts against the breaker).
 */
export async function callThroughBreaker<T>(
  breaker: CircuitBreaker,
  fn: () => Promise<T>,
  isFailure: (error: unknown) => boolean = () => true,
): Promise<T> {
  const admission = await breaker.acquire();
  if (!admission.admitted)
    throw new CircuitOpenError(breaker.key, admission.retryAfterMs, admission.state);
  let value: T;
  try {
    value = await fn();
  } catch (error) {
    await breaker.record(admission.ticket, isFailure(error));
    throw error;
  }
  await breaker.record(admission.ticket, false);
  return value;
}
