import { ManualClock, MemoryStateStore } from '../../src/index.js';
import { sharedBreakerConformance } from '../../src/testing/index.js';

// The same suite runs against the Redis store in @airlock/backend-redis.
sharedBreakerConformance('MemoryStateStore', () => {
  const clock = new ManualClock(0);
  return { store: new MemoryStateStore(clock), advance: async (ms) => clock.advance(ms) };
});
