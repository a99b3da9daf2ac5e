import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/dd-env.ts'],
    testTimeout: 30_000,
    // dd-trace is a process-wide singleton: each test file initialises it once in its own process.
    pool: 'forks',
  },
});
