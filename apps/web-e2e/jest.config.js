/**
 * One spec file at a time on one API process (global setup starts one API, database and couple per
 * worker: with `--maxWorkers=2` two spec files run side by side, each on its own; on two cores that
 * tore the 50-round same-spot typing race at rounds 20 and 40 once in three runs, so not by default).
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
