import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import {
  CONFIG_DEFAULTS,
  ConfigError,
  loadConfig,
  type GatewayConfig,
} from './config/gateway-config';
import {
  openEmbeddedGateway,
  openFabricGateway,
  type AssembledGateway,
  type GatewayOptions,
} from './gateway-assembly';
import { createGatewayServer, readTlsCredentials } from './http/gateway-server';
import { gatewayLogger } from './http/request-log';

/** Thrown for a start-up problem the user can fix; printed without a stack. */
class StartupError extends Error {}

/**
 * Where the gateway keeps its users, wallets, jobs and keys: the Fabric mode apart from the
 * embedded one, whose identities no Fabric peer would accept (and the reverse).
 */
function gatewayDataDir(config: GatewayConfig): string {
  return config.ledger === 'fabric' ? join(config.dataDir, 'fabric') : config.dataDir;
}

/**
 * The gateway on the configured ledger, opened as every test opens one; a Fabric network that
 * is not running becomes a start-up problem with the command that starts it.
 */
async function openGateway(
  config: GatewayConfig,
  options: GatewayOptions & { readonly password: string },
): Promise<AssembledGateway> {
  if (config.ledger === 'embedded') {
    return openEmbeddedGateway(options);
  }
  try {
    return await openFabricGateway({
      ...options,
      channel: config.fabricChannel,
      organisation: config.fabricOrganisation,
    });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('no Fabric network is running')) {
      if (config.fabricOrganisation !== undefined) {
        // An organisation's own host: its nodes are its operator's, not `npm run network:up`'s.
        throw new StartupError(
          `FABRIC_ORGANISATION=${config.fabricOrganisation}: ${error.message}; set NETWORK_DIR ` +
            `to the folder of its \`org ${config.fabricOrganisation} init\``,
        );
      }
      throw new StartupError(
        'LEDGER=fabric needs the Fabric network running: start both with\n\n  npm run start:fabric\n\n' +
          'or the network alone with `npm run network:up`; `npm start` uses the embedded ledger.',
      );
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = gatewayLogger({ level: config.logLevel });
  // Checked before the ledger opens: a wrong file should stop the gateway at once.
  const tls =
    config.tls === undefined
      ? undefined
      : readTlsCredentials(config.tls.certFile, config.tls.keyFile);
  const password = config.demoPassword ?? randomBytes(12).toString('base64url');
  const dataDir = gatewayDataDir(config);
  const { app, operations, jobs, ledger, endStreams } = await openGateway(config, {
    password,
    dataDir,
    databaseUrl: config.databaseUrl ?? `pglite:${join(dataDir, CONFIG_DEFAULTS.databaseFolder)}`,
    log,
    webDir: config.webDir,
    resolverBaseUrl: config.resolverBaseUrl,
    patientCheckRatePerMinute: config.patientCheckRatePerMinute,
    ...(config.patientCheckReader === undefined
      ? {}
      : { patientCheckReader: config.patientCheckReader }),
    ...(config.patientCheckHomeCountry === undefined
      ? {}
      : { patientCheckHomeCountry: config.patientCheckHomeCountry }),
    verifyRatePerMinute: config.verifyRatePerMinute,
    resolverCacheSeconds: config.resolverCacheSeconds,
    signInRatePerMinute: config.signInRatePerMinute,
    flagRatePerHour: config.flagRatePerHour,
    outcomeSettleSeconds: config.outcomeSettleSeconds,
    eventStreamsPerUser: config.eventStreamsPerUser,
    eventStreamsTotal: config.eventStreamsTotal,
    idempotencyWaitSeconds: config.idempotencyWaitSeconds,
    jobChunkSerials: config.jobChunkSerials,
    jobsPerParty: config.jobsPerParty,
    printRunsPerParty: config.printRunsPerParty,
    printRunMaxLabels: config.printRunMaxLabels,
  });
  const listen = (server: Server, port: number, host: string, variable: string) => {
    server.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} is already in use; set ${variable} to another port`
          : error.message;
      process.stderr.write(`packtrace gateway could not start: ${reason}\n`);
      process.exit(1);
    });
    return server.listen(port, host);
  };
  const server = listen(createGatewayServer(app, tls), config.port, config.host, 'PORT');
  const opsServer = listen(
    createGatewayServer(operations),
    config.opsPort,
    config.opsHost,
    'OPS_PORT',
  );
  server.on('listening', () => {
    const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
    const url = `${tls === undefined ? 'http' : 'https'}://${host}:${config.port}`;
    const lines = [
      '',
      `packtrace is up on ${url}: the scanner page, and the API under ${url}/api/v1 (ledger: ${ledger.kind}, data in ${dataDir})`,
      '',
      `Demo users (password ${config.demoPassword === undefined ? `generated for this run: ${password}` : 'from DEMO_PASSWORD'}):`,
      ...consortium.users.map(
        ({ username, party, admin }) =>
          `  ${username.padEnd(20)} ${party.role.padEnd(13)} ${party.name} (GLN ${party.gln})${admin ? ', its company administrator' : ''}`,
      ),
      '',
      'Sign in:',
      `  curl -s ${url}/api/v1/auth/token -H 'Content-Type: application/json' \\`,
      `       -d '{"username":"pharmacist","password":"<password>"}'`,
      `API reference: ${url}/docs (OpenAPI document: ${url}/openapi.json)`,
      `Operations: http://${config.opsHost}:${config.opsPort}/metrics, /healthz and /readyz`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  });
  const stop = () => {
    endStreams();
    opsServer.close();
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
