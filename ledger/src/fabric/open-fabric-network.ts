import { consortium } from '@packtrace/consortium';
import type { LedgerNetwork, NetworkUserStore } from '../ledger-network';
import type { FabricLedger } from './fabric-options';
import { FabricIssuer } from './fabric-issuer';
import { networkUserIdentity, openNetworkChannel } from './network-channel';

/** Which organisation's side of the network a caller acts for. */
export interface FabricNetworkScope {
  /**
   * The one organisation (consortium key) served: its own peer, its own users, its own CA, and
   * no file of any other organisation opened. Unset: every organisation whose material is on
   * this host (the one-machine network).
   */
  readonly organisation?: string;
}

/**
 * The project's Fabric network (`npm run network:up`, or one organisation's own nodes): the
 * consortium's users as their organisations' Fabric CAs enrolled them (certificates with `role`
 * and `gln`), put in `users`, and the channel reached through their organisations' peers.
 * Narrowed to one organisation, only that organisation's users are put there (another's are
 * unknown to the caller) and its CA alone issues. Seeding the parties is the network's start's
 * second step (`ledger/dist/seed-cli.js`), not this.
 *
 * @param channel the channel to serve; the consortium's own unless named (tests use their own)
 * @param scope the organisation served, if only one
 * @throws Error starting `no Fabric network is running` when the network is not up here (or
 *   the organisation's material is not on this host); when `users` already holds a consortium
 *   user of another organisation (a data folder of a gateway that served them all); when a
 *   consortium user's enrolment cannot be read or `users` cannot be written
 */
export async function openFabricNetwork<U>(
  password: string,
  users: NetworkUserStore<U>,
  channel?: string,
  scope: FabricNetworkScope = {},
): Promise<LedgerNetwork<FabricLedger>> {
  const { organisation } = scope;
  const served = consortium.users.filter(
    (user) => organisation === undefined || user.party.organisation.key === organisation,
  );
  const strangers = consortium.users.filter((user) => !served.includes(user));
  const kept = strangers.filter((user) => users.has(user.username)).map((user) => user.username);
  if (kept.length > 0) {
    // Their keys would be in this gateway's wallet: a gateway of one organisation holds none.
    throw new Error(
      `this gateway serves organisation '${organisation ?? ''}' only, but its data folder holds ` +
        `users of other organisations (${kept.join(', ')}): give it a data folder of its own`,
    );
  }
  // Users of different organisations act one after another (ship, then receive), each through
  // their own organisation's peer: a submit returns once every peer has its block.
  const ledger = openNetworkChannel(channel, {
    readYourWritesEverywhere: true,
    ...(organisation === undefined ? {} : { organisation }),
  });
  try {
    for (const { username, party, admin } of served) {
      // The CA's current enrolment, so a re-enrolled user never keeps a stale certificate.
      await users.put(
        { username, role: party.role, gln: party.gln, mspId: party.organisation.mspId, admin },
        password,
        await networkUserIdentity(username, organisation),
      );
    }
  } catch (error) {
    await ledger.close();
    throw error;
  }
  // Users added by administrators are in the caller's own store already.
  return { ledger, issuer: new FabricIssuer(organisation) };
}
