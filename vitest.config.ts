import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration and end-to-end suites start emulators on free ports; two cores, so keep it modest.
    maxWorkers: 2,
    // The SDK's Node 22 notice is noise on these Node 20 machines (local/sdk-node-warning.mjs).
    setupFiles: ['local/sdk-node-warning.mjs'],
  },
});
