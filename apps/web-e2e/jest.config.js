const timedSplit = require('../../jest.timed-split');

/**
 * Journeys that race people's typing or time the app against a deadline: never run beside another
 * spec file, whose browsers would take the CPU the race or the deadline is about.
 */
const TIMED_SPECS = [
  'src/same-spot-typing.spec.ts',
  'src/simultaneous-lines.spec.ts',
  'src/live-session.spec.ts',
  'src/caret-labels.spec.ts',
  'src/invite-flow.spec.ts',
];

/**
 * Global setup starts one API process, database and couple per jest worker, so spec files can run
 * side by side, each on its own. `npm test` runs the other journeys two at a time
 * (KINSHIP_SPECS=untimed, --maxWorkers=2), then these one at a time (KINSHIP_SPECS=timed). Unset:
 * every journey, one at a time. Measured here on 7 Dec 2026 (quiet machine): every journey one at
 * a time 607 s; the 32 others two at a time 308 s, then these five one at a time 206 s (514 s).
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  ...timedSplit(TIMED_SPECS, ['<rootDir>/src/**/*.spec.ts']),
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
