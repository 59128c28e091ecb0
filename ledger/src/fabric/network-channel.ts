import { readFile } from 'node:fs/promises';
import { networkProfile } from '@packtrace/network';
import type { LedgerIdentity } from '../ledger';
import type { FabricLedger, FabricLedgerOptions } from './fabric-options';
import { openFabricLedger } from './open-fabric-ledger';

/**
 * A channel of the project's own Fabric network (`npm run network:up`), reached through each
 * organisation's peer as the network's connection profile describes them.
 *
 * @param channel the channel; the consortium's own unless named
 * @param options whether a submit waits until every organisation's peer has its block
 */
export function openNetworkChannel(
  channel?: string,
  options: Pick<FabricLedgerOptions, 'readYourWritesEverywhere'> = {},
): FabricLedger {
  const profile = networkProfile();
  return openFabricLedger({
    ...options,
    channel: channel ?? profile.channel,
    chaincode: profile.chaincode,
    peers: Object.values(profile.organisations).map((organisation) => ({
      mspId: organisation.mspId,
      endpoint: organisation.peer.endpoint,
      tlsRootCertificate: organisation.peer.tlsRootCertPem,
    })),
  });
}

/** A consortium user's identity as enrolled by their organisation's Fabric CA. */
export async function networkUserIdentity(username: string): Promise<LedgerIdentity> {
  const user = networkProfile().users[username];
  if (user === undefined) {
    throw new Error(`the Fabric network has no enrolled user '${username}'`);
  }
  return readIdentity(user.mspId, user.certificatePath, user.privateKeyPath);
}

/** An identity from its certificate and key files. */
export async function readIdentity(
  mspId: string,
  certificatePath: string,
  privateKeyPath: string,
): Promise<LedgerIdentity> {
  const [certificate, privateKey] = await Promise.all([
    readFile(certificatePath, 'utf8'),
    readFile(privateKeyPath, 'utf8'),
  ]);
  return { mspId, certificate, privateKey };
}
