export { RedisTimeoutError, RedisUnavailableError } from './errors.js';
export { KeyLayout } from './key-layout.js';
export type { RedisBackendOptions, RedisClient } from './options.js';
export { type RedisBackend, redisBackend } from './redis-backend.js';
export { RedisRateLimitStore } from './redis-rate-limit-store.js';
export { RedisStateStore } from './redis-state-store.js';
