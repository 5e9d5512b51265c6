import { defineConfig } from 'vitest/config';

// CI (.ci/run) sets VITEST_JSON_REPORT to collect counts without parsing console output.
const jsonReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // fast-check's seed: random locally, pinned in CI (see the file)
    setupFiles: ['test/fast-check-seed.ts'],
    // a bound, not a verdict: property tests are CPU-bound and a shared 2-core machine can take
    // several times the 5 s default; a test that needs longer still says so itself
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // tests talk to loopback only; keep any proxy settings of the machine out of the way
    env: { NO_PROXY: '127.0.0.1,localhost', NODE_ENV: 'test' },
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
  },
});
