import type { IncrementResult, StateStore } from '@airlock/core';
import type { RedisConnection } from './connection.js';
import type { KeyLayout } from './key-layout.js';
import { deleteByPattern } from './scan.js';

/**
 * Shared state on Redis: every method is one atomic round trip (a single command, or one
 * script for `increment`), so conversation counters, breaker state, budget reservations and PII
 * tokens built on it hold across any number of processes. Time is Redis's (`TIME`).
 *
 * When Redis cannot answer, calls reject within `commandTimeoutMs` with a
 * `RedisUnavailableError`; core turns that into a retryable error for the call, never a hang.
 */
export class RedisStateStore implements StateStore {
  readonly name = 'redis';

  constructor(
    private readonly connection: RedisConnection,
    private readonly layout: KeyLayout,
  ) {}

  async now(): Promise<number> {
    const [seconds, micros] = await this.connection.run((c) => c.time());
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async get(key: string): Promise<string | undefined> {
    const k = this.key(key);
    const value = await this.connection.run((c) => c.get(k));
    return value ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const k = this.key(key);
    const v = assertValue(value);
    const px = ttl(ttlMs);
    await this.connection.run((c) => (px === undefined ? c.set(k, v) : c.set(k, v, 'PX', px)));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const k = this.key(key);
    const v = assertValue(value);
    const px = ttl(ttlMs);
    const reply = await this.connection.run((c) =>
      px === undefined ? c.set(k, v, 'NX') : c.set(k, v, 'PX', px, 'NX'),
    );
    return reply === 'OK';
  }

  async delete(key: string): Promise<void> {
    const k = this.key(key);
    await this.connection.run((c) => c.unlink(k));
  }

  async increment(
    key: string,
    delta: number,
    options: { max?: number; ttlMs?: number } = {},
  ): Promise<IncrementResult> {
    const k = this.key(key);
    if (typeof delta !== 'number' || !Number.isFinite(delta))
      throw new TypeError('increment: delta must be a finite number');
    const { max } = options;
    if (max !== undefined && (typeof max !== 'number' || Number.isNaN(max)))
      throw new TypeError('increment: max must be a number');
    const px = ttl(options.ttlMs);
    const maxArg = max === undefined || max === Number.POSITIVE_INFINITY ? '' : String(max);
    const [applied, value] = await this.connection.run((c) =>
      c.airlockIncrement(1, k, String(delta), maxArg, px === undefined ? '' : px),
    );
    return { applied: applied === 1, value: Number(value) };
  }

  /** Deletes every state key under this backend's prefix (tests, operators). */
  async reset(): Promise<void> {
    await deleteByPattern(this.connection, this.layout.statePattern);
  }

  private key(key: string): string {
    if (typeof key !== 'string' || key.length === 0)
      throw new TypeError('state store: key must be a non-empty string');
    return this.layout.stateKey(key);
  }
}

function assertValue(value: string): string {
  if (typeof value !== 'string') throw new TypeError('state store: value must be a string');
  return value;
}

/** Redis PX takes whole milliseconds; a fractional ttl rounds up so a key never expires early. */
function ttl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new TypeError('ttlMs must be a finite number > 0');
  return Math.ceil(ttlMs);
}
