import './quiet-chaincode-logs';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { ConfigError, loadConfig, type GatewayConfig } from './config/gateway-config';
import { assembleGateway, openUsers } from './gateway-assembly';
import { DEMO_USERS } from './identity/demo-users';
import { openEmbeddedNetwork } from './identity/embedded-network';
import { UserDirectory } from './identity/user-directory';
import type { LedgerBackend } from './ledger/ledger-backend';

/** Thrown for a start-up problem the user can fix; printed without a stack. */
class StartupError extends Error {}

async function openBackend(
  config: GatewayConfig,
  password: string,
  users: UserDirectory,
): Promise<LedgerBackend> {
  if (config.ledger === 'embedded') {
    return openEmbeddedNetwork(config.dataDir, password, users);
  }
  throw new StartupError(
    'LEDGER=fabric needs the Fabric network of network/, which cannot be built on this machine: its ' +
      'registries do not serve Hyperledger Fabric 2.5 (see docs/decisions.md). Start the in-process ledger ' +
      'instead:\n\n  LEDGER=embedded npm start\n',
  );
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const password = config.demoPassword ?? randomBytes(12).toString('base64url');
  const users = await openUsers(config.dataDir);
  const backend = await openBackend(config, password, users);
  const { app, jobs } = await assembleGateway(backend, users, {
    dataDir: config.dataDir,
    log,
    webDir: config.webDir,
    verifyRatePerMinute: config.verifyRatePerMinute,
    signInRatePerMinute: config.signInRatePerMinute,
  });
  const server = app.listen(config.port, config.host);
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason =
      error.code === 'EADDRINUSE'
        ? `port ${config.port} is already in use; set PORT to another port`
        : error.message;
    process.stderr.write(`packtrace gateway could not start: ${reason}\n`);
    process.exit(1);
  });
  server.on('listening', () => {
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    const lines = [
      '',
      `packtrace is up on ${url}: the scanner page, and the API under ${url}/api/v1 (ledger: ${backend.kind}, data in ${config.dataDir})`,
      '',
      `Demo users (password ${config.demoPassword === undefined ? `generated for this run: ${password}` : 'from DEMO_PASSWORD'}):`,
      ...DEMO_USERS.map(
        (user) =>
          `  ${user.username.padEnd(13)} ${user.role.padEnd(13)} ${user.partyName} (GLN ${user.gln})`,
      ),
      '',
      'Sign in:',
      `  curl -s ${url}/api/v1/auth/token -H 'Content-Type: application/json' \\`,
      `       -d '{"username":"pharmacist","password":"<password>"}'`,
      `API reference: ${url}/docs (OpenAPI document: ${url}/openapi.json)`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  });
  const stop = () => {
    server.close(() => {
      void jobs
        .idle()
        .then(() => backend.close())
        .then(() => process.exit(0));
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`packtrace gateway could not start: ${error.message}\n`);
  } else {
    process.stderr.write(
      `packtrace gateway failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
