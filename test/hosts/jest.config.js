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
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // One step waits for Fabric (a channel formed, a chaincode committed, a peer caught up).
  testTimeout: 180000,
  // A step that fails leaves the hosts in an unknown state: the steps after it are not run.
  bail: 1,
};
