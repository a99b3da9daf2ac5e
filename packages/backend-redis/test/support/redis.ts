import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The shared test server. Other suites use it at the same time: never FLUSHALL/FLUSHDB. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run (or helper) can share. */
export function uniquePrefix(name: string): string {
  return `airlock-test:${name}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes every key under `prefix` on the shared server (SCAN + UNLINK, bounded by the keys). */
export async function deletePrefix(prefix: string, url = REDIS_URL): Promise<number> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  await client.connect();
  let cursor = '0';
  let deleted = 0;
  try {
    do {
      const [next, keys] = await client.scan(
        cursor,
        'MATCH',
        `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
        'COUNT',
        1000,
      );
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await client.quit();
  }
  return deleted;
}

/** Every key under `prefix`, sorted (for asserting the key layout and expiries). */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(
      cursor,
      'MATCH',
      `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
      'COUNT',
      1000,
    );
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

/**
 * Command timeout for tests that are not about timeouts. The 100 ms default is right for
 * production, but a test run shares two cores with a dozen other suites, and a starved event
 * loop must not turn a healthy Redis into a timeout. The fault tests set their own.
 */
export const TEST_COMMAND_TIMEOUT_MS = 2_000;
