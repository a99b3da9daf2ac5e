import { ManualClock, MemoryRateLimitStore, MemoryStateStore } from '../src/index.js';
import { rateLimitStoreConformance, stateStoreConformance } from '../src/testing/index.js';

rateLimitStoreConformance('memory', () => {
  const clock = new ManualClock(1_700_000_000_000);
  return { store: new MemoryRateLimitStore(clock), advance: async (ms) => clock.advance(ms) };
});

stateStoreConformance('memory', () => {
  const clock = new ManualClock(1_700_000_000_000);
  return { store: new MemoryStateStore(clock), advance: async (ms) => clock.advance(ms) };
});
