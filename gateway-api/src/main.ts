import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import pino from 'pino';
import { ConfigError, loadConfig, type GatewayConfig } from './config/gateway-config';
import { assembleGateway, openUsers } from './gateway-assembly';
import { openEmbeddedNetwork, type LedgerNetwork } from './identity/embedded-network';
import { openFabricNetwork } from './identity/fabric-network';
import { UserDirectory } from './identity/user-directory';

/** Thrown for a start-up problem the user can fix; printed without a stack. */
class StartupError extends Error {}

/**
 * Where the gateway keeps its users, wallets, jobs and keys: the Fabric mode apart from the
 * in-process one, whose identities no Fabric peer would accept (and the reverse).
 */
function gatewayDataDir(config: GatewayConfig): string {
  return config.ledger === 'fabric' ? join(config.dataDir, 'fabric') : config.dataDir;
}

async function openLedger(
  config: GatewayConfig,
  password: string,
  users: UserDirectory,
): Promise<LedgerNetwork> {
  if (config.ledger === 'embedded') {
    return openEmbeddedNetwork(gatewayDataDir(config), password, users);
  }
  try {
    return await openFabricNetwork(password, users, config.fabricChannel);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('no Fabric network is running')) {
      throw new StartupError(
        'LEDGER=fabric needs the Fabric network running: start both with\n\n  npm run start:fabric\n\n' +
          'or the network alone with `npm run network:up`; `npm start` uses the in-process ledger.',
      );
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel });
  const password = config.demoPassword ?? randomBytes(12).toString('base64url');
  const dataDir = gatewayDataDir(config);
  const users = await openUsers(dataDir);
  const network = await openLedger(config, password, users);
  const { app, jobs, ledger, endStreams } = await assembleGateway(network, users, {
    dataDir,
    log,
    webDir: config.webDir,
    verifyRatePerMinute: config.verifyRatePerMinute,
    signInRatePerMinute: config.signInRatePerMinute,
    outcomeSettleSeconds: config.outcomeSettleSeconds,
    eventStreamsPerUser: config.eventStreamsPerUser,
    eventStreamsTotal: config.eventStreamsTotal,
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
      `packtrace is up on ${url}: the scanner page, and the API under ${url}/api/v1 (ledger: ${ledger.kind}, data in ${dataDir})`,
      '',
      `Demo users (password ${config.demoPassword === undefined ? `generated for this run: ${password}` : 'from DEMO_PASSWORD'}):`,
      ...consortium.users.map(
        ({ username, party, admin }) =>
          `  ${username.padEnd(18)} ${party.role.padEnd(13)} ${party.name} (GLN ${party.gln})${admin ? `, administrator of ${party.organisation.name}` : ''}`,
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
    endStreams();
    server.close(() => {
      void jobs
        .idle()
        .then(() => ledger.close())
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
