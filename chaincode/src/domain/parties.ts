import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { HistoryEntry } from '../model/history-entry';
import { TRADING_ROLES, type Party, type PartyRole } from '../model/party';

/** Who a new party is; registration makes it authorised. */
export interface PartyDetails {
  readonly gln: string;
  readonly name: string;
  readonly role: PartyRole;
  readonly mspId: string;
  readonly companyPrefixes: readonly string[];
}

/** The authorised party `registered` (the history entry of its registration) brings in. */
export function newParty(details: PartyDetails, registered: HistoryEntry): Party {
  return {
    docType: 'party',
    gln: details.gln,
    name: details.name,
    role: details.role,
    mspId: details.mspId,
    companyPrefixes: details.companyPrefixes,
    status: 'authorised',
    registeredAt: registered.at,
    lastEvent: registered,
  };
}

/** Reads a party or refuses with PARTY_NOT_FOUND. */
export async function requireParty(ctx: TraceContext, gln: string): Promise<Party> {
  const party = await readRecord<Party>(ctx, Keys.party(ctx, gln));
  if (party === undefined) {
    throw new ChaincodeRefusal('PARTY_NOT_FOUND', `no party with GLN ${gln} is registered`);
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
    throw new ChaincodeRefusal('INVALID_DESTINATION', 'a party cannot ship to itself');
  }
  if (!TRADING_ROLES.includes(party.role)) {
    throw new ChaincodeRefusal(
      'INVALID_DESTINATION',
      `${party.name} is a ${party.role} and holds no stock`,
    );
  }
  if (party.status !== 'authorised') {
    throw new ChaincodeRefusal(
      'PARTY_NOT_AUTHORISED',
      `${party.name} (${gln}) is suspended; custody may move only between authorised parties`,
    );
  }
  return party;
}
