import type { Clock } from '../backends/clock.js';
import type { NormalizedBreakerOptions } from './breaker-options.js';
import {
  type BreakerAdmission,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTicket,
  type BreakerTransition,
  type CircuitBreaker,
  notifyTransition,
} from './circuit-breaker.js';
import { FailureWindow } from './failure-window.js';

type BreakerConfig = Pick<
  NormalizedBreakerOptions,
  'failureThreshold' | 'failureRate' | 'recoveryTimeoutMs' | 'halfOpenRequests'
>;

/**
 * A per-process breaker: synchronous, no store round trip, no timers (the move to half-open is
 * decided by the clock on the next `acquire`). The cheapest choice and the default.
 */
export class MemoryCircuitBreaker implements CircuitBreaker {
  private state: BreakerState = 'closed';
  /** Bumped on every open and close, so late outcomes from an older period are ignored. */
  private epoch = 0;
  private openedAt = 0;
  private consecutive = 0;
  private probesAdmitted = 0;
  private probesSucceeded = 0;
  private readonly window: FailureWindow | undefined;

  constructor(
    readonly key: string,
    private readonly config: BreakerConfig,
    private readonly clock: Clock,
    private readonly onTransition: (t: BreakerTransition) => void = () => {},
  ) {
    this.window = config.failureRate ? new FailureWindow(config.failureRate.windowMs) : undefined;
  }

  acquire(): BreakerAdmission {
    if (this.state === 'closed')
      return { admitted: true, ticket: { epoch: this.epoch, probe: false } };
    const now = this.clock.now();
    if (this.state === 'open') {
      const reopensAt = this.openedAt + this.config.recoveryTimeoutMs;
      if (now < reopensAt) return { admitted: false, state: 'open', retryAfterMs: reopensAt - now };
      this.state = 'half_open';
      this.probesAdmitted = 0;
      this.probesSucceeded = 0;
      this.emit('open', 'half_open', now, 'recovery_timeout');
    }
    if (this.probesAdmitted < this.config.halfOpenRequests) {
      this.probesAdmitted++;
      return { admitted: true, ticket: { epoch: this.epoch, probe: true } };
    }
    // The trial calls are still out: tell the others to come back soon rather than wait.
    return {
      admitted: false,
      state: 'half_open',
      retryAfterMs: Math.min(1000, this.config.recoveryTimeoutMs),
    };
  }

  record(ticket: BreakerTicket, failed: boolean): void {
    if (ticket.epoch !== this.epoch) return;
    const now = this.clock.now();
    if (this.state === 'half_open' && ticket.probe) {
      if (failed) {
        this.open(now, 'probe_failed');
      } else if (++this.probesSucceeded >= this.config.halfOpenRequests) {
        this.epoch++;
        this.state = 'closed';
        this.consecutive = 0;
        this.window?.reset();
        this.emit('half_open', 'closed', now, 'probes_succeeded');
      }
      return;
    }
    if (this.state !== 'closed') return;
    this.window?.add(now, failed);
    if (!failed) {
      this.consecutive = 0;
      return;
    }
    this.consecutive++;
    const reason = this.tripReason(now);
    if (reason) this.open(now, reason);
  }

  snapshot(): BreakerSnapshot {
    // Report half-open as soon as it is due, even before the next call moves it there.
    const due =
      this.state === 'open' && this.clock.now() >= this.openedAt + this.config.recoveryTimeoutMs;
    return {
      key: this.key,
      state: due ? 'half_open' : this.state,
      failures: this.consecutive,
      ...(this.state !== 'closed' ? { openedAt: this.openedAt } : {}),
    };
  }

  private tripReason(now: number): string | undefined {
    const { failureThreshold, failureRate } = this.config;
    if (failureThreshold !== undefined && this.consecutive >= failureThreshold)
      return 'failure_threshold';
    if (failureRate && this.window) {
      const { calls, failures } = this.window.totals(now);
      if (calls >= failureRate.minimumCalls && failures / calls >= failureRate.threshold)
        return 'failure_rate';
    }
    return undefined;
  }

  private open(now: number, reason: string): void {
    const from = this.state;
    this.epoch++;
    this.state = 'open';
    this.openedAt = now;
    this.emit(from, 'open', now, reason);
  }

  private emit(from: BreakerState, to: BreakerState, at: number, reason: string): void {
    notifyTransition(
      this.onTransition,
      { key: this.key, from, to, at, reason },
      this.config.recoveryTimeoutMs,
    );
  }
}
