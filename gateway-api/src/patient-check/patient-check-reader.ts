import { consortium } from '@packtrace/consortium';
import type { UserDirectory } from '../identity/user-directory';

/**
 * The gateway account whose ledger session answers patients and the resolver (nobody signs in
 * there): `PATIENT_CHECK_READER` when set; else the `regulator` account, which may read any
 * pack (so a dispensed pack's day is told); else, on an organisation's own gateway, which holds
 * only its organisation's users, the first of them in consortium.json, so that every
 * organisation's resolver and patient check answer without further setting (a pack that reader
 * may not see is told as dispensed without the day).
 */
export function patientCheckReader(
  users: Pick<UserDirectory, 'has'>,
  configured: string | undefined,
): string {
  if (configured !== undefined) {
    return configured;
  }
  if (users.has('regulator')) {
    return 'regulator';
  }
  return consortium.users.find((user) => users.has(user.username))?.username ?? 'regulator';
}
