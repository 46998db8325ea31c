const { resolve } = require('node:path');

/** Unit specs for the client's pure logic; whole journeys are proven in apps/web-e2e. */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleNameMapper: {
    '^@kinship/domain$': resolve(__dirname, '../../libs/domain/src/index.ts'),
    '^@kinship/domain/(rules|wire|agreements)$': resolve(__dirname, '../../libs/domain/src/$1/index.ts'),
  },
};
