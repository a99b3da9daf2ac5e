import { budgetConformance, sharedBreakerConformance } from '@airlock/core/testing';
import { redisBackend } from '../src/index.js';
import {
  deletePrefix,
  REDIS_URL,
  sleep,
  TEST_COMMAND_TIMEOUT_MS,
  uniquePrefix,
} from './support/redis.js';

// Budgets and shared circuit breakers are built on StateStore primitives in core; run core's
// suites on the Redis state store, so two airlocks sharing Redis share budgets and breakers.
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
    store: backend.stateStore,
    advance: sleep,
    cleanup: async () => {
      await backend.close();
      await deletePrefix(prefix);
    },
  };
}

budgetConformance('redis', () => harness('conf-budget'));
sharedBreakerConformance('redis', () => harness('conf-breaker'));
