/**
 * The chaincode scenario suites on the consortium run apart (scripts/test-hosts.sh runs them once
 * the runbook has passed, with LEDGER=fabric and PACKTRACE_SCENARIO_GATEWAY_ORG set): each suite
 * on a channel its own the five hosts form, every session through one organisation's peer.
 * @type {import('jest').Config}
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/chaincode'],
  testMatch: ['**/*.test.ts'],
  // Suites in an `embedded/` folder need the embedded ledger's clock or engine.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/embedded/'],
  // One channel formed alone first: it settles every member's trust (and the restarts that
  // takes) before two suites form channels at once.
  globalSetup: '<rootDir>/test/hosts/support/scenarios-setup.ts',
  // The scenarios open no gateway: no database server.
  globalTeardown: undefined,
  // As on the one-machine network (scripts/test-fabric.sh): commits take a block interval, so
  // large jobs take longer than on the embedded ledger; the assertions are the same.
  testTimeout: 240000,
};
