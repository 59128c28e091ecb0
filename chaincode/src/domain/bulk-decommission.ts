import type { Caller } from '../identity/caller';
import { ChaincodeRefusal, type LedgerErrorCode } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import type { PackFailure, PacksDecommissioned } from '../model/bulk-operations';
import type { Batch } from '../model/batch';
import { itemLabel } from '../model/item-ref';
import type { Container, DecommissionReason, Pack } from '../model/tracked-item';
import { findBatch, isExpired } from './batches';
import { checkHandledByCustodian, checkInCirculation } from './custody-checks';
import { containerContents, packKey } from './container-packs';
import { DECOMMISSION_VOCABULARY } from './decommission-vocabulary';
import { containerUri, itemUri, packUri, partyUri } from './epcis-identifiers';
import { platformEventId } from './event-ids';
import { refOf, removeHolding, requireItem, saveItem, withHolder } from './items';
import { emitEvent, historyEntry } from './ledger-events';

/** What one bulk decommissioning acts on: loose packs the caller holds, or one container's. */
interface Selection {
  readonly container: Container | null;
  readonly packs: readonly Pack[];
  /** Each pack's containers, nearest first (empty for loose packs). */
  readonly ancestors: ReadonlyMap<string, readonly Container[]>;
  /** The container and its nested cases, outermost first (empty for loose packs). */
  readonly containers: readonly Container[];
}

function failureOf(pack: { gtin: string; serial: string }, error: unknown): PackFailure {
  if (error instanceof ChaincodeRefusal) {
    return { gtin: pack.gtin, serial: pack.serial, code: error.code, message: error.body.message };
  }
  throw error;
}

/**
 * The checks one pack must pass to leave circulation for `reason`: in circulation (neither
 * quarantined nor already inactive), and for dispensing a batch neither recalled nor expired.
 * Custody is checked by the caller of this function (a container's, or each loose pack's).
 */
async function checkPack(
  ctx: TraceContext,
  pack: Pack,
  reason: DecommissionReason,
  batches: Map<string, Batch | undefined>,
): Promise<void> {
  checkInCirculation(pack);
  if (reason !== 'dispensed') {
    return;
  }
  if (!batches.has(pack.lot)) {
    batches.set(pack.lot, await findBatch(ctx, pack.gtin, pack.lot));
  }
  const batch = batches.get(pack.lot);
  if (batch?.status === 'recalled') {
    throw new ChaincodeRefusal('BATCH_RECALLED', `batch ${batch.lot} is recalled; do not dispense`);
  }
  if (batch !== undefined && isExpired(ctx, batch)) {
    throw new ChaincodeRefusal(
      'BATCH_EXPIRED',
      `batch ${batch.lot} expired on ${batch.expiryDate}; do not dispense`,
    );
  }
}

/**
 * Refuses the whole call when any pack fails: the refusal's code is the first failing pack's
 * (so the gateway answers with that code's status), its details list every failing pack.
 */
function refuseIfAny(failures: readonly PackFailure[], total: number, what: string): void {
  const first = failures[0];
  if (first === undefined) {
    return;
  }
  const listed = failures
    .slice(0, 3)
    .map((failure) => `${failure.gtin}/${failure.serial}: ${failure.message}`)
    .join('; ');
  throw new ChaincodeRefusal(
    first.code as LedgerErrorCode,
    `${failures.length} of ${total} packs ${what} may not be taken out of circulation, so none was: ${listed}${failures.length > 3 ? '; …' : ''}`,
    { failures },
  );
}

/** Reads a container the caller holds and every pack in it, refusing if any pack may not go. */
export async function selectContainer(
  ctx: TraceContext,
  caller: Caller,
  sscc: string,
  reason: DecommissionReason,
): Promise<Selection> {
  const container = (await requireItem(ctx, { type: 'container', sscc })) as Container;
  // Packs under investigation inside are reported one by one below, not as the container's.
  checkHandledByCustodian(container, caller.gln, { allowHeldPacks: true });
  const contents = await containerContents(ctx, container);
  const failures: PackFailure[] = [];
  const batches = new Map<string, Batch | undefined>();
  for (const pack of contents.packs) {
    try {
      await checkPack(ctx, pack, reason, batches);
    } catch (error) {
      failures.push(failureOf(pack, error));
    }
  }
  refuseIfAny(failures, contents.packs.length, `in ${itemLabel(refOf(container))}`);
  return { container, ...contents };
}

/** Reads loose packs the caller holds, refusing if any may not go. */
export async function selectPacks(
  ctx: TraceContext,
  caller: Caller,
  refs: ReadonlyArray<{ gtin: string; serial: string }>,
  reason: DecommissionReason,
): Promise<Selection> {
  const packs: Pack[] = [];
  const failures: PackFailure[] = [];
  const batches = new Map<string, Batch | undefined>();
  for (const ref of refs) {
    try {
      const pack = (await requireItem(ctx, { type: 'pack', ...ref })) as Pack;
      checkHandledByCustodian(pack, caller.gln);
      await checkPack(ctx, pack, reason, batches);
      packs.push(pack);
    } catch (error) {
      failures.push(failureOf(ref, error));
    }
  }
  refuseIfAny(failures, refs.length, 'listed');
  return { container: null, packs, ancestors: new Map(), containers: [] };
}

/**
 * Takes every selected pack out of circulation in this one transaction, with one EPCIS
 * ObjectEvent listing them all. A container's packs leave it (each keeps the container's holders,
 * as an unpacked pack does, so its history stays visible to them and an undo returns it loose
 * to the caller), and the container and its nested cases are recorded as emptied.
 */
export async function decommissionSelection(
  ctx: TraceContext,
  caller: Caller,
  selection: Selection,
  reason: DecommissionReason,
  note: string,
): Promise<PacksDecommissioned> {
  const vocabulary = DECOMMISSION_VOCABULARY[reason];
  const entry = historyEntry(ctx, caller.gln, {
    action: reason,
    bizStep: vocabulary.bizStep,
    disposition: vocabulary.disposition,
    ...(note === '' ? {} : { note }),
    ...(selection.container === null ? {} : { container: selection.container.sscc }),
  });
  for (const pack of selection.packs) {
    const within = selection.ancestors.get(packKey(pack)) ?? [];
    await saveItem(ctx, {
      ...pack,
      parent: null,
      custodian: caller.gln,
      holders: within
        .map((c) => c.holders)
        .reduce((all, holders) => holders.reduce(withHolder, all), [...pack.holders]),
      status: 'inactive',
      decommission: {
        reason,
        by: caller.gln,
        at: entry.at,
        note,
        txId: entry.txId,
        previousCustodian: caller.gln,
      },
      lastEvent: entry,
    });
    if (selection.container === null) {
      await removeHolding(ctx, caller.gln, refOf(pack));
    }
  }
  const emptied = selection.containers.map((container, index) => ({
    container,
    entry: {
      ...historyEntry(ctx, caller.gln, {
        action: 'unpacked',
        bizStep: vocabulary.bizStep,
        disposition: vocabulary.disposition,
        container: container.sscc,
        note: `emptied: its packs ${reason.replace('_', ' ')}`,
      }),
      eventId: platformEventId(ctx.stub.getTxID(), index + 1),
    },
  }));
  for (const { container, entry: emptiedEntry } of emptied) {
    await saveItem(ctx, {
      ...container,
      status: 'unpacked',
      heldPacks: 0,
      lastEvent: emptiedEntry,
    });
  }
  if (selection.container !== null) {
    await removeHolding(ctx, caller.gln, refOf(selection.container));
  }
  const packs = selection.packs.map((pack) => ({ gtin: pack.gtin, serial: pack.serial }));
  emitEvent(ctx, {
    type: reason === 'dispensed' ? 'PackDispensed' : 'PackDecommissioned',
    by: caller.gln,
    parties: [caller.gln],
    epcis: [
      {
        eventType: 'ObjectEvent',
        action: 'OBSERVE',
        bizStep: vocabulary.bizStep,
        disposition: vocabulary.disposition,
        epcList: packs.map((pack) => packUri(pack.gtin, pack.serial)),
        readPoint: partyUri(caller.gln),
        bizLocation: partyUri(caller.gln),
      },
      ...emptied.map(({ container }) => ({
        eventType: 'AggregationEvent' as const,
        action: 'DELETE' as const,
        bizStep: vocabulary.bizStep,
        disposition: vocabulary.disposition,
        parentID: containerUri(container.sscc),
        childEPCs: container.children.map(itemUri),
        readPoint: partyUri(caller.gln),
      })),
    ],
    subject:
      selection.container === null
        ? { reason, count: String(packs.length) }
        : { sscc: selection.container.sscc, reason, count: String(packs.length) },
  });
  return {
    sscc: selection.container?.sscc ?? null,
    reason,
    count: packs.length,
    packs,
    txId: entry.txId,
  };
}
