import { defineConfig } from 'vitest/config';

// The demo runs as child processes (and a browser): one file at a time keeps a 2-core box calm.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, fileParallelism: false },
});
