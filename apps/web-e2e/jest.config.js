/**
 * One spec file at a time on one API process (global setup starts one API, database and couple per
 * worker: with `--maxWorkers=2` two spec files run side by side, each on its own). Measured here on
 * 7 Dec 2026: 792 s one at a time, 662 s two at a time (all 129 passing both ways); not worth the
 * risk that a journey racing people's typing meets a second journey's load in CI.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
