/**
 * One jest configuration for every workspace. TypeScript is transpiled per file (type errors are
 * the job of `tsc -b`, which `npm test` runs first), and workspace packages resolve to their
 * sources so tests never run stale builds.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/gs1',
    '<rootDir>/chaincode',
    '<rootDir>/embedded-ledger',
    '<rootDir>/gateway-api',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/fabric/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@packtrace/([a-z0-9-]+)$': '<rootDir>/$1/src/index.ts',
  },
  setupFiles: ['<rootDir>/test/support/quiet-fabric-logs.js'],
  testTimeout: 30000,
  // The browser suites start Chromium; one worker keeps two cores from thrashing.
  maxWorkers: 1,
};
