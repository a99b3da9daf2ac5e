import type { RateLimitFailMode } from '@airlock/core';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { assertKeyPrefix } from './key-layout.js';

/** An ioredis client: a single server (`Redis`) or a `Cluster`. */
export type RedisClient = Redis | Cluster;

export interface RedisBackendOptions {
  /** `redis://[:password@]host:port[/db]`; a client with fail-fast settings is made from it. */
  url?: string;
  /** Your own ioredis client instead of `url`. It is not closed by `close()` unless `closeClient`. */
  client?: RedisClient;
  /** Close a passed-in `client` on `close()` too (default false). */
  closeClient?: boolean;
  /** Prefix of every key (default `airlock:`). May not contain `{` or `}`. */
  keyPrefix?: string;
  /**
   * What a rate limit does when Redis cannot answer, unless the limit sets its own `failMode`:
   * `open` allows and reports, `closed` denies with a retryable error, `insurance` (default)
   * decides in memory with the limit divided among `insurance.workers`.
   */
  failMode?: RateLimitFailMode;
  /** Longest a Redis command may take before its fail mode answers (default 100 ms). */
  commandTimeoutMs?: number;
  /** Connect timeout of a client made from `url` (default 500 ms). */
  connectTimeoutMs?: number;
  /** Insurance limiter: how many processes share the limits, so each gets ⌈limit / workers⌉. */
  insurance?: { workers?: number };
  /** After a command times out, skip Redis for this long before trying again (default 500 ms):
   *  a hung server then costs one timeout, not one timeout per call. */
  recheckAfterMs?: number;
  /** How long a denial in `closed` mode tells the caller to wait (default 1000 ms). */
  closedRetryAfterMs?: number;
  /**
   * Decide the limits of different partitions in separate scripts (one per Cluster slot) and
   * refund on denial. Defaults to `client.isCluster`; on a single server one script decides all.
   */
  cluster?: boolean;
  /** Report the backend as critical for readiness even when no limit is fail-closed. */
  critical?: boolean;
  /** Extra ioredis options for a client made from `url` (the fail-fast ones win). */
  redisOptions?: RedisOptions;
  /** Called with every client error (the backend always listens, so none is ever unhandled). */
  onError?: (error: Error) => void;
}

export interface ResolvedOptions {
  keyPrefix: string;
  failMode: RateLimitFailMode;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  workers: number;
  recheckAfterMs: number;
  closedRetryAfterMs: number;
  critical: boolean;
}

const FAIL_MODES: readonly RateLimitFailMode[] = ['open', 'closed', 'insurance'];

/** Checks options once, at start-up, with errors that name the option. */
export function resolveOptions(options: RedisBackendOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object')
    throw new TypeError('redisBackend: options must be an object');
  const hasUrl = options.url !== undefined;
  const hasClient = options.client !== undefined;
  if (hasUrl === hasClient)
    throw new TypeError('redisBackend: pass exactly one of `url` or `client`');
  if (hasUrl && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw new TypeError("redisBackend: url must start with 'redis://' or 'rediss://'");
  }
  if (
    hasClient &&
    typeof (options.client as { defineCommand?: unknown }).defineCommand !== 'function'
  ) {
    throw new TypeError('redisBackend: client must be an ioredis Redis or Cluster instance');
  }
  const keyPrefix = options.keyPrefix ?? 'airlock:';
  assertKeyPrefix(keyPrefix);
  const failMode = options.failMode ?? 'insurance';
  if (!FAIL_MODES.includes(failMode)) {
    throw new TypeError(
      `redisBackend: failMode must be one of ${FAIL_MODES.join(', ')}, got '${String(failMode)}'`,
    );
  }
  return {
    keyPrefix,
    failMode,
    commandTimeoutMs: positive('commandTimeoutMs', options.commandTimeoutMs, 100),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs, 500),
    workers: positiveInteger('insurance.workers', options.insurance?.workers, 1),
    recheckAfterMs: nonNegative('recheckAfterMs', options.recheckAfterMs, 500),
    closedRetryAfterMs: nonNegative('closedRetryAfterMs', options.closedRetryAfterMs, 1000),
    critical: options.critical === true,
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`redisBackend: ${name} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`redisBackend: ${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`redisBackend: ${name} must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}
