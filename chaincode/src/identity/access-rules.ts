import type { PartyRole } from '../model/party';
import { Tx, type TransactionCatalogue } from '../transactions';

export type { TransactionName } from '../transactions';

/** Who may call a transaction, and whether it changes the ledger. */
export interface AccessRule {
  readonly roles: readonly PartyRole[];
  readonly writes: boolean;
}

/**
 * The written rule for every transaction, read from the transaction catalogue (the one table of
 * them) under the name the contracts check callers against.
 */
export const ACCESS_RULES: TransactionCatalogue = Tx;
