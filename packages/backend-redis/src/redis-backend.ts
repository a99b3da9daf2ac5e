import type { AirlockPlugin, HealthReport } from '@airlock/core';
import { RedisConnection } from './connection.js';
import { FailModeDecider } from './fail-mode.js';
import { KeyLayout } from './key-layout.js';
import { type RedisBackendOptions, type RedisClient, resolveOptions } from './options.js';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';
import { RedisStateStore } from './redis-state-store.js';

/** The plugin `redisBackend()` returns: an `AirlockPlugin` plus a few handles of its own. */
export interface RedisBackend extends AirlockPlugin {
  readonly name: 'redis';
  readonly rateLimitStore: RedisRateLimitStore;
  readonly stateStore: RedisStateStore;
  /** The ioredis client in use (yours, or the one made from `url`). */
  readonly client: RedisClient;
  readonly keyLayout: KeyLayout;
  /** Resolves once Redis is connected (await it at start-up); rejects after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  health(): Promise<HealthReport>;
  close(): Promise<void>;
}

/**
 * Rate limits and shared state on Redis, exact across any number of processes and machines:
 *
 * ```ts
 * const redis = redisBackend({ url: process.env.REDIS_URL, failMode: 'insurance', insurance: { workers: 4 } });
 * await redis.ready();
 * const airlock = createAirlock({ plugins: [redis], policy: { rateLimits: { '*': '1000/hour' } } });
 * ```
 */
export function redisBackend(options: RedisBackendOptions): RedisBackend {
  const resolved = resolveOptions(options);
  const connection = new RedisConnection(options, resolved);
  const layout = new KeyLayout(resolved.keyPrefix);
  const failModes = new FailModeDecider(
    resolved.failMode,
    resolved.workers,
    resolved.closedRetryAfterMs,
  );
  const split = options.cluster ?? connection.client.isCluster === true;
  const rateLimitStore = new RedisRateLimitStore(connection, layout, failModes, split);
  const stateStore = new RedisStateStore(connection, layout);

  return {
    name: 'redis',
    rateLimitStore,
    stateStore,
    client: connection.client,
    keyLayout: layout,
    ready: (timeoutMs) => connection.ready(timeoutMs),
    async health(): Promise<HealthReport> {
      // Readiness depends on Redis only when a limit would deny without it (fail closed).
      const critical =
        resolved.critical || resolved.failMode === 'closed' || rateLimitStore.sawClosedLimit;
      const details: Record<string, unknown> = {
        status: connection.status,
        failMode: resolved.failMode,
        keyPrefix: resolved.keyPrefix,
      };
      if (connection.lastError) details.lastError = connection.lastError;
      const started = performance.now();
      try {
        await connection.run((c) => c.ping());
        const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
        return { name: 'redis', ok: true, critical, latencyMs, details };
      } catch (error) {
        details.error = (error as Error)?.message ?? String(error);
        return { name: 'redis', ok: false, critical, details };
      }
    },
    close: () => connection.close(),
  };
}
