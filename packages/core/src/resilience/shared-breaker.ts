import type { Clock } from '../backends/clock.js';
import type { StateStore } from '../backends/state-store.js';
import type { NormalizedBreakerOptions } from './breaker-options.js';
import {
  type BreakerAdmission,
  type BreakerSnapshot,
  type BreakerTicket,
  type BreakerTransition,
  type CircuitBreaker,
  notifyTransition,
} from './circuit-breaker.js';

type BreakerConfig = Pick<
  NormalizedBreakerOptions,
  'failureThreshold' | 'failureRate' | 'recoveryTimeoutMs' | 'halfOpenRequests'
>;

const DAY_MS = 86_400_000;
const RATE_BUCKETS = 10;

/**
 * A breaker whose state lives in a `StateStore`: every airlock using the same store (one Redis,
 * many workers) sees one breaker. Built only on the store's atomic primitives:
 *
 * - `open` holds `{epoch, openedAt}` while open or half-open; absent means closed. A call in the
 *   closed state costs one `get`.
 * - Consecutive failures are an `increment`; the first worker to cross the threshold wins the
 *   `setIfAbsent` that opens the breaker (and is the one that reports it).
 * - Half-open trial calls are an `increment` with `max: halfOpenRequests`, so across all workers
 *   exactly that many are admitted per round. A round lasts `probeRoundMs`: if a worker died
 *   holding a trial call, the next round lets new ones through instead of staying stuck.
 * - Closing checks the epoch first, so a late success from an older period cannot close a breaker
 *   that reopened since (the window between that read and the delete is one round trip).
 *
 * Time comes from the airlock's clock, not the store's: comparing against recovery timeouts of
 * seconds, clock skew of a few ms between workers does not matter, and it saves a round trip.
 */
export class SharedCircuitBreaker implements CircuitBreaker {
  private readonly base: string;

  constructor(
    readonly key: string,
    private readonly config: BreakerConfig,
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly probeRoundMs: number,
    private readonly onTransition: (t: BreakerTransition) => void = () => {},
  ) {
    this.base = `breaker:${encodeURIComponent(key)}`;
  }

  async acquire(): Promise<BreakerAdmission> {
    const open = await this.readOpen();
    if (!open) return { admitted: true, ticket: { epoch: -1, probe: false } };
    const now = this.clock.now();
    const halfOpenAt = open.openedAt + this.config.recoveryTimeoutMs;
    if (now < halfOpenAt) return { admitted: false, state: 'open', retryAfterMs: halfOpenAt - now };
    const round = Math.floor((now - halfOpenAt) / this.probeRoundMs);
    const ttlMs = this.probeRoundMs * 2 + this.config.recoveryTimeoutMs;
    const r = await this.store.increment(`${this.base}:probe:${open.epoch}:${round}`, 1, {
      max: this.config.halfOpenRequests,
      ttlMs,
    });
    if (!r.applied) {
      return {
        admitted: false,
        state: 'half_open',
        retryAfterMs: Math.min(1000, this.config.recoveryTimeoutMs),
      };
    }
    if (round === 0 && r.value === 1) this.emit('open', 'half_open', now, 'recovery_timeout');
    return { admitted: true, ticket: { epoch: open.epoch, probe: true } };
  }

  async record(ticket: BreakerTicket, failed: boolean): Promise<void> {
    const now = this.clock.now();
    if (ticket.probe) {
      if (failed) {
        const open = await this.readOpen();
        if (open?.epoch === ticket.epoch) await this.open(now, 'probe_failed', 'half_open', true);
        return;
      }
      const ok = await this.store.increment(`${this.base}:ok:${ticket.epoch}`, 1, {
        ttlMs: this.probeRoundMs * 4 + this.config.recoveryTimeoutMs,
      });
      if (ok.value !== this.config.halfOpenRequests) return;
      const open = await this.readOpen();
      if (open?.epoch !== ticket.epoch) return;
      await this.store.delete(`${this.base}:open`);
      await this.store.delete(`${this.base}:fails`);
      this.emit('half_open', 'closed', now, 'probes_succeeded');
      return;
    }
    const rate = this.config.failureRate ? await this.countInWindow(now, failed) : undefined;
    if (!failed) {
      // A success breaks the run of consecutive failures, whichever worker saw them.
      if (this.config.failureThreshold !== undefined) await this.store.delete(`${this.base}:fails`);
      return;
    }
    let reason: string | undefined;
    if (this.config.failureThreshold !== undefined) {
      const fails = await this.store.increment(`${this.base}:fails`, 1, { ttlMs: DAY_MS });
      if (fails.value >= this.config.failureThreshold) reason = 'failure_threshold';
    }
    if (
      !reason &&
      rate &&
      rate.calls >= this.config.failureRate!.minimumCalls &&
      rate.failures / rate.calls >= this.config.failureRate!.threshold
    ) {
      reason = 'failure_rate';
    }
    if (reason) await this.open(now, reason, 'closed', false);
  }

  async snapshot(): Promise<BreakerSnapshot> {
    const [open, fails] = await Promise.all([
      this.readOpen(),
      this.store.get(`${this.base}:fails`),
    ]);
    const failures = Number(fails ?? 0) || 0;
    if (!open) return { key: this.key, state: 'closed', failures };
    const due = this.clock.now() >= open.openedAt + this.config.recoveryTimeoutMs;
    return { key: this.key, state: due ? 'half_open' : 'open', failures, openedAt: open.openedAt };
  }

  private async open(
    now: number,
    reason: string,
    from: 'closed' | 'half_open',
    replace: boolean,
  ): Promise<void> {
    const epoch = (await this.store.increment(`${this.base}:epoch`, 1, { ttlMs: DAY_MS * 7 }))
      .value;
    const value = JSON.stringify({ epoch, openedAt: now });
    const ttl = DAY_MS + this.config.recoveryTimeoutMs;
    if (replace) {
      await this.store.set(`${this.base}:open`, value, ttl);
    } else if (!(await this.store.setIfAbsent(`${this.base}:open`, value, ttl))) {
      return; // another worker opened it first and reports it
    }
    this.emit(from, 'open', now, reason);
  }

  private async readOpen(): Promise<{ epoch: number; openedAt: number } | undefined> {
    const raw = await this.store.get(`${this.base}:open`);
    if (raw === undefined) return undefined;
    try {
      const v = JSON.parse(raw) as { epoch?: unknown; openedAt?: unknown };
      if (typeof v.epoch === 'number' && typeof v.openedAt === 'number')
        return { epoch: v.epoch, openedAt: v.openedAt };
    } catch {
      // fall through: a corrupt value is treated as closed, so calls are not blocked forever
    }
    return undefined;
  }

  /** Adds this call to the failure-rate window and returns the window's totals. */
  private async countInWindow(
    now: number,
    failed: boolean,
  ): Promise<{ calls: number; failures: number }> {
    const { windowMs } = this.config.failureRate!;
    const bucketMs = Math.max(1, Math.ceil(windowMs / RATE_BUCKETS));
    const index = Math.floor(now / bucketMs);
    const ttlMs = windowMs + bucketMs * 2;
    await this.store.increment(`${this.base}:w:${index}:n`, 1, { ttlMs });
    if (failed) await this.store.increment(`${this.base}:w:${index}:f`, 1, { ttlMs });
    else return { calls: 0, failures: 0 }; // only a failure can trip the breaker: skip the reads
    const indexes = Array.from({ length: RATE_BUCKETS }, (_, i) => index - i);
    const values = await Promise.all(
      indexes.flatMap((i) => [
        this.store.get(`${this.base}:w:${i}:n`),
        this.store.get(`${this.base}:w:${i}:f`),
      ]),
    );
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < values.length; i += 2) {
      calls += Number(values[i] ?? 0) || 0;
      failures += Number(values[i + 1] ?? 0) || 0;
    }
    return { calls, failures };
  }

  private emit(
    from: BreakerTransition['from'],
    to: BreakerTransition['to'],
    at: number,
    reason: string,
  ): void {
    notifyTransition(
      this.onTransition,
      { key: this.key, from, to, at, reason },
      this.config.recoveryTimeoutMs,
    );
  }
}
