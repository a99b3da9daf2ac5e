import { rateLimitStoreConformance, stateStoreConformance } from '@airlock/core/testing';
import { redisBackend } from '../src/index.js';
import {
  deletePrefix,
  REDIS_URL,
  sleep,
  TEST_COMMAND_TIMEOUT_MS,
  uniquePrefix,
} from './support/redis.js';

// `closed`: if Redis failed to answer, every decision would be a denial and the suite would
// fail, instead of an in-memory fallback quietly passing it.
async function harness(name: string) {
  const prefix = uniquePrefix(name);
  const backend = redisBackend({
    url: REDIS_URL,
    keyPrefix: prefix,
    failMode: 'closed',
    commandTimeoutMs: TEST_COMMAND_TIMEOUT_MS,
  });
  await backend.ready();
  return {
    backend,
    advance: sleep,
    cleanup: async () => {
      await backend.close();
      await deletePrefix(prefix);
    },
  };
}

rateLimitStoreConformance('redis', async () => {
  const h = await harness('conf-rl');
  return { store: h.backend.rateLimitStore, advance: h.advance, cleanup: h.cleanup };
});

rateLimitStoreConformance('redis, cluster mode (one script per partition, refunds)', async () => {
  const prefix = uniquePrefix('conf-rl-split');
  const backend = redisBackend({
    url: REDIS_URL,
    keyPrefix: prefix,
    failMode: 'closed',
    cluster: true,
    commandTimeoutMs: TEST_COMMAND_TIMEOUT_MS,
  });
  await backend.ready();
  return {
    store: backend.rateLimitStore,
    advance: sleep,
    cleanup: async () => {
      await backend.close();
      await deletePrefix(prefix);
    },
  };
});

stateStoreConformance('redis', async () => {
  const h = await harness('conf-state');
  return { store: h.backend.stateStore, advance: h.advance, cleanup: h.cleanup };
});
