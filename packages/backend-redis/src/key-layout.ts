import type { RateLimitAlgorithm } from '@airlock/core';

/**
 * Where every key lives in Redis. One place builds them all, so the layout documented in the
 * README is the layout used:
 *
 *   <prefix>{ws:<partition>}:g:<key>   GCRA rate limit (one number: the theoretical arrival time)
 *   <prefix>{ws:<partition>}:s:<key>   strict rate limit (a list of admission times)
 *   <prefix>{global}:g|s:<key>         a limit that belongs to no tenant (scope `global`)
 *   <prefix>state:<key>                StateStore values (conversations, breakers, budgets, PII)
 *
 * The `{...}` part is a Redis Cluster hash tag: all keys of one tenant hash to one slot, so one
 * script can decide every scope of a call atomically. The algorithm letter keeps a GCRA number
 * and a strict list from ever sharing a key (that would be a WRONGTYPE error in Redis).
 */
export class KeyLayout {
  readonly statePrefix: string;

  constructor(readonly prefix: string) {
    this.statePrefix = `${prefix}state:`;
  }

  /** The hash tag of a partition; `undefined` (a global limit) has its own tag. */
  tag(partition: string | undefined): string {
    return partition === undefined ? '{global}' : `{ws:${escapeTag(partition)}}`;
  }

  rateLimitKey(tag: string, algorithm: RateLimitAlgorithm, key: string): string {
    return `${this.prefix}${tag}:${algorithm === 'strict' ? 's' : 'g'}:${key}`;
  }

  stateKey(key: string): string {
    return this.statePrefix + key;
  }

  /** SCAN patterns for `reset()`: every rate-limit key, every state key, of this prefix. */
  get rateLimitPattern(): string {
    return `${escapeGlob(this.prefix)}{*}:[gs]:*`;
  }

  get statePattern(): string {
    return `${escapeGlob(this.statePrefix)}*`;
  }
}

/**
 * Braces would end (or start) the hash tag early, and `%` is the escape character itself, so
 * these three are percent-encoded: distinct partitions stay distinct tags.
 */
function escapeTag(partition: string): string {
  return /[{}%]/.test(partition)
    ? partition.replace(/[{}%]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)
    : partition;
}

/** Escapes the glob characters SCAN MATCH understands. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** A prefix may not contain braces: the first `{...}` of a key must be the partition's tag. */
export function assertKeyPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== 'string') throw new TypeError('redisBackend: keyPrefix must be a string');
  if (/[{}]/.test(prefix)) {
    throw new TypeError(
      `redisBackend: keyPrefix must not contain '{' or '}' (they would become the Cluster hash tag), got '${prefix}'`,
    );
  }
}
