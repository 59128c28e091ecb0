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
    '<rootDir>/consortium',
    '<rootDir>/embedded-ledger',
    '<rootDir>/ledger',
    '<rootDir>/network',
    '<rootDir>/store',
    '<rootDir>/gateway-api',
    '<rootDir>/test',
  ],
  testMatch: ['**/*.test.ts'],
  // test/network holds Fabric fault tests; scripts/test-fabric.sh runs them on its network.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/network/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
    // @hyperledger/fabric-gateway depends on @noble/curves, published as ES modules only;
    // jest's CommonJS runtime needs them transpiled.
    '^.+/node_modules/@noble/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  moduleNameMapper: {
    '^@packtrace/chaincode/client$': '<rootDir>/chaincode/src/client.ts',
    '^@packtrace/([a-z0-9-]+)$': '<rootDir>/$1/src/index.ts',
  },
  // Every suite file starts with the embedded ledger's quiet chaincode logs, whichever
  // module it happens to load first.
  setupFiles: ['<rootDir>/embedded-ledger/src/quiet-chaincode-logs.ts'],
  // One PostgreSQL server per run for the gateways' databases (test/support/test-database.ts).
  globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres-global-teardown.ts',
  testTimeout: 30000,
  // The browser suites start Chromium; one worker keeps two cores from thrashing. `npm test`
  // runs the other suites two at a time (scripts/test-embedded.sh, scripts/test-fabric.sh).
  maxWorkers: 1,
};
