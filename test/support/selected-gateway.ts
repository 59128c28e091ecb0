import { randomBytes } from 'node:crypto';
import { consortium } from '@packtrace/consortium';
import {
  openEmbeddedGateway,
  openFabricGateway,
  type AssembledGateway,
  type GatewayOptions,
} from '@packtrace/gateway-api';
import { seedConsortium, type LedgerIdentity } from '@packtrace/ledger';
import { createChannel } from '@packtrace/network';
import { selectedLedger } from './scenario-ledger';
import { testDatabaseUrl } from './test-database';

/**
 * A gateway on the ledger `LEDGER` selects: the embedded ledger, or a fresh channel of the
 * running Fabric network, seeded as the network seeds its main channel, so every gateway a test
 * opens starts from the same empty consortium on either backend. Shared by the API suites and
 * the browser suites, each gateway with a database of its own. It checks every answer against the schema its route declares, so a suite
 * fails when the OpenAPI document does not describe what the gateway sends.
 */
export async function openSelectedGateway(
  options: Omit<GatewayOptions, 'databaseUrl'> & {
    readonly password: string;
    /** By default a new schema on the run's PostgreSQL server (see testDatabaseUrl). */
    readonly databaseUrl?: string;
  },
): Promise<AssembledGateway> {
  // Every answer is checked against the schema its route declares (see checkResponses).
  const checked = {
    ...options,
    databaseUrl: options.databaseUrl ?? (await testDatabaseUrl()),
    checkResponses: true,
  };
  if (selectedLedger() === 'embedded') {
    return openEmbeddedGateway(checked);
  }
  const channel = `gateway-${randomBytes(4).toString('hex')}`;
  await createChannel(channel);
  const gateway = await openFabricGateway({ ...checked, channel });
  await seedConsortium(gateway.ledger.session(await regulatorIdentity(gateway)), consortium);
  return gateway;
}

/** The consortium regulator's identity, from the gateway's wallet. */
export async function regulatorIdentity(gateway: AssembledGateway): Promise<LedgerIdentity> {
  const username = consortium.users.find((user) => user.party === consortium.regulator)?.username;
  const user = username === undefined ? undefined : gateway.users.get(username);
  if (user === undefined) {
    throw new Error('consortium.json names no user for the regulator');
  }
  return gateway.users.identityOf(user);
}
