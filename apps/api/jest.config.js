const { resolve } = require('node:path');
const timedSplit = require('../../jest.timed-split');

/** Specs that measure time (see maxWorkers below): never run beside another spec file. */
const TIMED_SPECS = [
  'src/accounts/logins.spec.ts',
  'src/accounts/password-change.spec.ts',
  'src/cluster/workers.spec.ts',
  'src/documents/history/history-checkpoints.spec.ts',
  'src/sync/sync-lifecycle.spec.ts',
  'test/hostile-requests.spec.ts',
  'test/lifetime.spec.ts',
  'test/live-redis.spec.ts',
  'test/sync-scale-out.spec.ts',
];

/** API specs run on the machine's PostgreSQL (and PGlite), over real HTTP and WebSocket connections. */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  ...timedSplit(TIMED_SPECS, ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts']),
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@kinship/domain$': resolve(__dirname, '../../libs/domain/src/index.ts'),
    '^@kinship/domain/(rules|wire|agreements)$': resolve(__dirname, '../../libs/domain/src/$1/index.ts'),
  },
  testTimeout: 30_000,
  // The specs that time other people's requests (history stays fast, others answer within 200 ms, a
  // login within a second) or run API processes against a deadline: two spec files side by side on
  // two cores made one of them read 1.5 s. `npm test` runs the others two at a time
  // (KINSHIP_SPECS=untimed), each jest worker on a database of its own (test/support/worker-database.ts,
  // created by the global setup), then these one at a time (KINSHIP_SPECS=timed). Unset: every spec,
  // one at a time. The worker is recycled once a spec file leaves it holding this much (the next
  // spec's own heap comes on top): a heap grown over dozens of in-process APIs made GC pauses of
  // 100-240 ms, which the timed specs took for slowness.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  maxWorkers: 1,
  workerIdleMemoryLimit: '256MB',
};
