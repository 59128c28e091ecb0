import { consortium } from '@packtrace/consortium';
import { networkUserIdentity, openNetworkChannel, type FabricLedger } from '@packtrace/ledger';
import type { LedgerNetwork } from './embedded-network';
import { FabricIssuer } from './identity-issuer';
import type { UserDirectory } from './user-directory';

/**
 * The project's Fabric network (`npm run network:up`): the consortium's users as their
 * organisations' Fabric CAs enrolled them (certificates with `role` and `gln`), put in the
 * gateway's wallet, and the channel reached through each organisation's peer. The network's own
 * start seeds the parties.
 *
 * @param channel the channel to serve; the consortium's own unless named (tests use their own)
 */
export async function openFabricNetwork(
  password: string,
  users: UserDirectory,
  channel?: string,
): Promise<LedgerNetwork<FabricLedger>> {
  // Users of different organisations act one after another (ship, then receive), each through
  // their own organisation's peer: a submit returns once every peer has its block.
  const ledger = openNetworkChannel(channel, { readYourWritesEverywhere: true });
  for (const { username, party, admin } of consortium.users) {
    // The CA's current enrolment, so a re-enrolled user never keeps a stale certificate.
    await users.put(
      { username, role: party.role, gln: party.gln, mspId: party.organisation.mspId, admin },
      password,
      await networkUserIdentity(username),
    );
  }
  // Users added by administrators are in the gateway's own directory and wallet already.
  return { ledger, issuer: new FabricIssuer() };
}
