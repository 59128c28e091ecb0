import type { EpcisFields, LedgerEvent } from '@packtrace/chaincode/client';
import type { User } from '../identity/user-directory';

/** Whether a user may see an event: the regulator sees all, a party the events that concern it. */
export function maySee(user: User, event: LedgerEvent): boolean {
  return user.role === 'regulator' || event.parties.includes(user.gln);
}

/**
 * The EPCIS events of a ledger event the user may see, with their positions in it: a ledger
 * event that carries several captured events (a document captured whole) reaches every party
 * any of them concerns, and each party sees those that concern it.
 */
export function visibleEpcis(
  user: User,
  event: LedgerEvent,
): Array<{ readonly fields: EpcisFields; readonly index: number }> {
  return (event.epcis ?? [])
    .map((fields, index) => ({ fields, index }))
    .filter(
      ({ fields }) =>
        user.role === 'regulator' || (fields.parties ?? event.parties).includes(user.gln),
    );
}
