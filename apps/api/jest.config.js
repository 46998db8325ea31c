const { resolve } = require('node:path');

/** API specs run on the machine's PostgreSQL (and PGlite), over real HTTP and WebSocket connections. */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
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
  // One worker, so specs run one after another: several time other people's requests (history stays
  // fast, others answer within 200 ms), and two spec files side by side on two cores made one of them
  // read 1.5 s. (With more workers, each works on a database of its own: test/support/worker-database.ts,
  // created by the global setup.) The worker is recycled once a spec file leaves it holding this much
  // (the next spec's own heap comes on top): a heap grown over dozens of in-process APIs made GC
  // pauses of 100-240 ms, which those specs took for slowness.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  maxWorkers: 1,
  workerIdleMemoryLimit: '256MB',
};
