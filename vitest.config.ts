import { defineConfig } from 'vitest/config';

/**
 * Three projects so that running one unit test file never starts Java: only the integration project has the
 * global setup that starts the local runtime (test/support/global-setup.ts).
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // The AWS SDK's "future versions need Node 22" notice, printed once per worker, is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      // Unit runs are silent: handlers under test log through the real logger.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { LOG_LEVEL: 'SILENT' } } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // A test waits for the asynchronous page job, which a loaded 2-core machine can slow to tens of seconds.
          testTimeout: 90_000,
          globalSetup: ['test/browser/global-setup.ts'],
        },
      },
    ],
  },
});
