import { defineConfig } from 'vitest/config';
import { patient } from './test/support/patience';

// One runner for unit, integration (real servers) and end-to-end (real Chromium) tests.
// Files that start servers or browsers are named *.int.test.ts / *.e2e.test.ts and may take longer.
export default defineConfig({
  test: {
    include: ['{main,native,preload,renderer,test,bench}/**/*.test.ts'],
    exclude: ['node_modules/**', '.vite/**', 'out/**'],
    // Caps of state waits, longer on a loaded machine (test/support/patience.ts).
    testTimeout: patient(60_000),
    hookTimeout: patient(180_000),
    pool: 'forks',
    // The machine has two cores; servers started by tests pick free ports, so files may run side by side.
    maxWorkers: 2,
    globalSetup: ['test/support/globalServers.ts'],
  },
});
