import { LedgerError } from '../ledger/ledger-error';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import { TRADING_ROLES, type Party } from '../model/party';

/** Reads a party or refuses with PARTY_NOT_FOUND. */
export async function requireParty(ctx: TraceContext, gln: string): Promise<Party> {
  const party = await readRecord<Party>(ctx, Keys.party(ctx, gln));
  if (party === undefined) {
    throw new LedgerError('PARTY_NOT_FOUND', `no party with GLN ${gln} is registered`);
  }
  return party;
}

/** A party custody may move to: registered, authorised, trading, and not the sender. */
export async function requireTradingPartner(
  ctx: TraceContext,
  gln: string,
  sender: string,
): Promise<Party> {
  const party = await requireParty(ctx, gln);
  if (gln === sender) {
    throw new LedgerError('INVALID_DESTINATION', 'a party cannot ship to itself');
  }
  if (!TRADING_ROLES.includes(party.role)) {
    throw new LedgerError(
      'INVALID_DESTINATION',
      `${party.name} is a ${party.role} and holds no stock`,
    );
  }
  if (party.status !== 'authorised') {
    throw new LedgerError(
      'PARTY_NOT_AUTHORISED',
      `${party.name} (${gln}) is suspended; custody may move only between authorised parties`,
    );
  }
  return party;
}
