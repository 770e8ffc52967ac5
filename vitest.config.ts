import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Theory checks simulate millions of requests; a slow machine must not turn them into timeouts.
    testTimeout: 120_000,
    // Test files share a module graph per worker: no test changes module state (no mocks, no env
    // or cwd changes), and re-importing the model for each of 49 files cost ~12 s of the suite.
    isolate: false,
    // The JSON report is what .ci/run counts from (`N passed, N failed`).
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
