/**
 * The consortium-on-separate-hosts test (scripts/test-hosts.sh runs it, as root, once the
 * namespaces and users exist). Its file is named *.spec.ts so that the ordinary `jest` run,
 * which matches *.test.ts, never picks it up on a machine without those hosts.
 * @type {import('jest').Config}
 */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/hosts'],
  testMatch: ['**/*.spec.ts'],
  // Its gateways are the hosts' own processes, each with its own database: no test server.
  globalSetup: undefined,
  globalTeardown: undefined,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // One step may wait for Fabric several times over (a host cut off: two writes and a read
  // may each wait out SmartBFT's 30 s block censorship timeout).
  testTimeout: 300000,
};
