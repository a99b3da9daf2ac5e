import type { Cluster, Redis } from 'ioredis';
import type { RedisConnection } from './connection.js';
import { RedisUnavailableError } from './errors.js';
import { escapeGlob } from './key-layout.js';

/**
 * Deletes every key matching `pattern` with SCAN + UNLINK (never KEYS, never FLUSHDB: other
 * applications may share the server). On a Cluster every primary is scanned. For `reset()`.
 */
export async function deleteByPattern(
  connection: RedisConnection,
  pattern: string,
): Promise<number> {
  const reason = connection.unavailable();
  if (reason !== undefined) throw new RedisUnavailableError(reason);
  const client = connection.client;
  // A client with its own ioredis `keyPrefix` adds it to UNLINK's keys but not to SCAN's match.
  const options = client.options as { keyPrefix?: string; redisOptions?: { keyPrefix?: string } };
  const clientPrefix = options.keyPrefix ?? options.redisOptions?.keyPrefix ?? '';
  const match = escapeGlob(clientPrefix) + pattern;
  const strip = (key: string): string =>
    key.startsWith(clientPrefix) ? key.slice(clientPrefix.length) : key;
  const nodes: Redis[] = client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      // On a Cluster, keys of one UNLINK must share a slot: delete them one by one there.
      if (keys.length > 0) {
        if (client.isCluster) for (const key of keys) deleted += await node.unlink(strip(key));
        else deleted += await node.unlink(...keys.map(strip));
      }
    } while (cursor !== '0');
  }
  return deleted;
}
