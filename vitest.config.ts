import { defineConfig } from 'vitest/config';

// One project per folder of test/, so each kind runs alone (`npm run test:unit`, `vitest run --project e2e`);
// `vitest run` runs them all. Every project inherits the options below (extends: true).
const project = (name: string) => ({ extends: true as const, test: { name, include: [`test/${name}/**/*.test.ts`] } });

export default defineConfig({
  test: {
    projects: ['unit', 'integration', 'infra', 'e2e', 'browser'].map(project),
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration and end-to-end suites start emulators on free ports; two cores, so keep it modest.
    maxWorkers: 2,
    // The SDK's Node 22 notice is noise on these Node 20 machines (local/sdk-node-warning.mjs).
    setupFiles: ['local/sdk-node-warning.mjs'],
  },
});
