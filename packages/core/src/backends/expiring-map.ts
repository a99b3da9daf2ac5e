import type { Clock } from './clock.js';

export interface Entry<V> {
  value: V;
  /** Absolute expiry in ms; Infinity for none. */
  expiresAt: number;
}

/**
 * A Map whose entries expire. Expired entries are invisible at once and are swept in small
 * amortised steps, so memory stays bounded by the live keys without a timer.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private opsSinceSweep = 0;
  /** Entries left by the last sweep: the next sweep waits for as many writes, so its cost is
   *  amortised over them. */
  private sizeAfterSweep = 0;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now = this.clock.now()): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The live entry of `key`, for hot paths that update it in place (value and `expiresAt`)
   * instead of paying a second lookup in `set`. New keys still go through `set`.
   */
  getEntry(key: string, now = this.clock.now()): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Sets `key`. `ttlMs` undefined means no expiry; `'keep'` keeps the current expiry. */
  set(key: string, value: V, ttlMs: number | undefined | 'keep', now = this.clock.now()): void {
    const entry = this.entries.get(key);
    const live = entry !== undefined && entry.expiresAt > now;
    const expiresAt =
      ttlMs === 'keep'
        ? live
          ? entry.expiresAt
          : Number.POSITIVE_INFINITY
        : ttlMs !== undefined && ttlMs > 0
          ? now + ttlMs
          : Number.POSITIVE_INFINITY;
    if (entry !== undefined) {
      entry.value = value;
      entry.expiresAt = expiresAt;
    } else {
      this.entries.set(key, { value, expiresAt });
    }
    this.maybeSweep(now);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Sweeps all expired entries once the writes since the last sweep pass what it left. */
  private maybeSweep(now: number): void {
    if (++this.opsSinceSweep < Math.max(1024, this.sizeAfterSweep)) return;
    this.opsSinceSweep = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
    this.sizeAfterSweep = this.entries.size;
  }
}
