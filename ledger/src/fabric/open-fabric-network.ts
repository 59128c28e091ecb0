import { consortium } from '@packtrace/consortium';
import type { LedgerNetwork, NetworkUserStore } from '../ledger-network';
import type { FabricLedger } from './fabric-options';
import { FabricIssuer } from './fabric-issuer';
import { networkUserIdentity, openNetworkChannel } from './network-channel';

/**
 * The project's Fabric network (`npm run network:up`): the consortium's users as their
 * organisations' Fabric CAs enrolled them (certificates with `role` and `gln`), put in `users`,
 * and the channel reached through each organisation's peer. Seeding the parties is the
 * network's start's second step (`ledger/dist/seed-cli.js`), not this.
 *
 * @param channel the channel to serve; the consortium's own unless named (tests use their own)
 * @throws Error starting `no Fabric network is running` when the network is not up, or when a
 *   consortium user's enrolment cannot be read or `users` cannot be written
 */
export async function openFabricNetwork<U>(
  password: string,
  users: NetworkUserStore<U>,
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
  // Users added by administrators are in the caller's own store already.
  return { ledger, issuer: new FabricIssuer() };
}
