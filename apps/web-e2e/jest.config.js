/**
 * Two spec files at a time, each worker with its own API process, database and couple (global
 * setup starts them), one browser per spec file. `--runInBand` runs one after another on one API.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
};
