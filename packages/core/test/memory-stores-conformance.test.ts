import { ManualClock } from '../src/backends/clock.js';
import { MemoryRateLimitStore } from '../src/backends/memory-rate-limit-store.js';
import { MemoryStateStore } from '../src/backends/memory-state-store.js';
import { rateLimitStoreConformance, stateStoreConformance } from '../src/testing/index.js';

// The in-memory stores run the same suites as every other backend (backend-redis runs them on
// a real Redis), on a manual clock so "advance" costs no real time.
rateLimitStoreConformance('memory', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return { store: new MemoryRateLimitStore(clock), advance: async (ms) => clock.advance(ms) };
});

stateStoreConformance('memory', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  return { store: new MemoryStateStore(clock), advance: async (ms) => clock.advance(ms) };
});
