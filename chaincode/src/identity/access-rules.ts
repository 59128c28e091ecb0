import { Tx, type TransactionCatalogue } from '../transactions';

// The rule's shape lives with the catalogue, which this table is: declared here it made a cycle.
export type { AccessRule, TransactionName } from '../transactions';

/**
 * The written rule for every transaction, read from the transaction catalogue (the one table of
 * them) under the name the contracts check callers against.
 */
export const ACCESS_RULES: TransactionCatalogue = Tx;
