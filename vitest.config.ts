import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Theory checks simulate millions of requests; a slow machine must not turn them into timeouts.
    testTimeout: 120_000,
    // The JSON report is what .ci/run counts from (`N passed, N failed`).
    reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
  },
});
