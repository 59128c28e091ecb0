import { readFile } from 'node:fs/promises';
import { networkProfile } from '@packtrace/network';
import type { LedgerIdentity } from '../ledger';
import type { FabricLedger, FabricLedgerOptions } from './fabric-options';
import { openFabricLedger } from './open-fabric-ledger';

/** Options of {@link openNetworkChannel}. */
export type NetworkChannelOptions = Pick<FabricLedgerOptions, 'readYourWritesEverywhere'> & {
  /**
   * The one organisation (consortium key) whose peer the channel is reached through; every
   * organisation's peer on this host when unset (the one-machine network).
   */
  readonly organisation?: string;
};

/**
 * A channel of the project's Fabric network (`npm run network:up`, or one organisation's own
 * nodes), reached through the peers this host's connection profile describes: each
 * organisation's, or only `options.organisation`'s, whose Fabric Gateway service finds the
 * other organisations' endorsers by discovery.
 *
 * @param channel the channel; the consortium's own unless named
 * @param options the organisation, and whether a submit waits until every listed peer has its
 *   block
 * @throws Error starting `no Fabric network is running here` when there is no connection
 *   profile, or the organisation's material is not on this host
 */
export function openNetworkChannel(
  channel?: string,
  options: NetworkChannelOptions = {},
): FabricLedger {
  const { organisation, ...ledgerOptions } = options;
  const profile = networkProfile(organisation);
  return openFabricLedger({
    ...ledgerOptions,
    channel: channel ?? profile.channel,
    chaincode: profile.chaincode,
    peers: Object.values(profile.organisations).map((own) => ({
      mspId: own.mspId,
      endpoint: own.peer.endpoint,
      tlsRootCertificate: own.peer.tlsRootCertPem,
    })),
  });
}

/**
 * A consortium user's identity as enrolled by their organisation's Fabric CA.
 *
 * @param organisation the one organisation whose users may be read (consortium key): a user of
 *   another is unknown, and its key file is never opened
 * @throws Error when the user is not a consortium user of an organisation on this host (or of
 *   `organisation`), or their files cannot be read
 */
export async function networkUserIdentity(
  username: string,
  organisation?: string,
): Promise<LedgerIdentity> {
  const user = networkProfile(organisation).users[username];
  if (user === undefined) {
    throw new Error(
      `the Fabric network has no enrolled user '${username}'${organisation === undefined ? '' : ` of ${organisation}`}`,
    );
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
