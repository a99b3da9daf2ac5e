import { type Clock, systemClock } from './clock.js';
import { ExpiringMap } from './expiring-map.js';
import type { IncrementResult, StateStore } from './state-store.js';

/** The default, per-process `StateStore`: bounded (expired keys are swept) and clock-injected. */
export class MemoryStateStore implements StateStore {
  readonly name = 'memory';
  private readonly values: ExpiringMap<string>;

  constructor(private readonly clock: Clock = systemClock) {
    this.values = new ExpiringMap(clock);
  }

  get size(): number {
    return this.values.size;
  }

  async now(): Promise<number> {
    return this.clock.now();
  }

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    assertTtl(ttlMs);
    this.values.set(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    assertTtl(ttlMs);
    if (this.values.get(key) !== undefined) return false;
    this.values.set(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  async increment(
    key: string,
    delta: number,
    options: { max?: number; ttlMs?: number } = {},
  ): Promise<IncrementResult> {
    if (!Number.isFinite(delta)) throw new TypeError('increment: delta must be a finite number');
    assertTtl(options.ttlMs);
    const current = Number(this.values.get(key) ?? 0);
    const next = current + delta;
    if (options.max !== undefined && next > options.max) return { applied: false, value: current };
    this.values.set(key, String(next), options.ttlMs ?? 'keep');
    return { applied: true, value: next };
  }

  async reset(): Promise<void> {
    this.values.clear();
  }
}

function assertTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
    throw new TypeError('ttlMs must be a finite number > 0');
  }
}
