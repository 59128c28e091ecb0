import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { deleteKey, readRecord, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Alert } from '../model/alert';
import { MAX_OPEN_UNKNOWN_FLAGS } from '../model/limits';

/**
 * The ledger's own bound on flags of serials it does not know: a party may have at most
 * MAX_OPEN_UNKNOWN_FLAGS of them open. A flag of a known pack concerns real stock and is never
 * refused; a flag of an unknown code costs nothing to invent, so without a bound one party (or
 * a compromised gateway signing as it) could fill the regulator's list. The bound counts open
 * alerts, not alerts per period: a period would have to come from the transaction timestamp,
 * which the submitting client chooses, so it would bind nobody who controls a gateway.
 */

interface OpenUnknownFlags {
  readonly open: number;
}

/** The reason a flag of an unknown serial carries. */
export const UNKNOWN_SERIAL = 'UNKNOWN_SERIAL';

/** Whether an alert is a flag of an unknown serial, counted against its raiser's bound. */
export function isUnknownFlag(alert: Pick<Alert, 'kind' | 'reasons'>): boolean {
  return alert.kind === 'flag' && alert.reasons.includes(UNKNOWN_SERIAL);
}

/**
 * Counts one more open flag of an unknown serial for `gln`, or refuses with
 * `TOO_MANY_OPEN_FLAGS` (nothing written) when the party already has the most it may.
 */
export async function takeUnknownFlag(ctx: TraceContext, gln: string): Promise<void> {
  const key = Keys.openUnknownFlags(ctx, gln);
  const open = (await readRecord<OpenUnknownFlags>(ctx, key))?.open ?? 0;
  if (open >= MAX_OPEN_UNKNOWN_FLAGS) {
    throw new ChaincodeRefusal(
      'TOO_MANY_OPEN_FLAGS',
      `your organisation has ${open} open flags of serials the ledger does not know, the most it may have; the regulator must resolve some before you flag another unknown serial`,
      { open, limit: MAX_OPEN_UNKNOWN_FLAGS },
    );
  }
  await writeRecord(ctx, key, { open: open + 1 } satisfies OpenUnknownFlags);
}

/**
 * Counts an open flag of an unknown serial that is already on the ledger (one recorded before the
 * bound, being indexed), without refusing it.
 */
export async function countUnknownFlag(ctx: TraceContext, gln: string): Promise<void> {
  const key = Keys.openUnknownFlags(ctx, gln);
  const open = (await readRecord<OpenUnknownFlags>(ctx, key))?.open ?? 0;
  await writeRecord(ctx, key, { open: open + 1 } satisfies OpenUnknownFlags);
}

/** Gives back the count an open flag of an unknown serial took, when it is resolved. */
export async function releaseUnknownFlag(ctx: TraceContext, gln: string): Promise<void> {
  const key = Keys.openUnknownFlags(ctx, gln);
  const open = (await readRecord<OpenUnknownFlags>(ctx, key))?.open ?? 0;
  if (open <= 1) {
    await deleteKey(ctx, key);
  } else {
    await writeRecord(ctx, key, { open: open - 1 } satisfies OpenUnknownFlags);
  }
}
