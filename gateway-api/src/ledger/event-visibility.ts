import type { LedgerEvent } from '@packtrace/chaincode/client';
import type { User } from '../identity/user-directory';

/** Whether a user may see an event: the regulator sees all, a party the events that concern it. */
export function maySee(user: User, event: LedgerEvent): boolean {
  return user.role === 'regulator' || event.parties.includes(user.gln);
}
