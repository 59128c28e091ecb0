import { validateGtin14, validateSerial } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { isExpired, requireBatch } from '../domain/batches';
import { checkHandledByCustodian } from '../domain/custody-checks';
import { packUri, partyUri } from '../domain/epcis-identifiers';
import { addHolding, refOf, removeHolding, requirePack, saveItem } from '../domain/items';
import { declareCorrection, eventIdOfTransaction } from '../domain/error-declarations';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { authorise, type Caller } from '../identity/caller';
import { gs1, optionalText, requireOneOf } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { transactionTime } from '../ledger/transaction-time';
import { TraceContext } from '../ledger/trace-context';
import { DECOMMISSION_REASONS, type DecommissionReason, type Pack } from '../model/tracked-item';
import { UNDO_WINDOW_DAYS } from '../model/limits';
import { TraceContract } from './trace-contract';

const UNDO_WINDOW_MS = UNDO_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** CBV business step and disposition for each way a pack leaves circulation. */
const DECOMMISSION_VOCABULARY: Readonly<
  Record<DecommissionReason, { bizStep: string; disposition: string }>
> = {
  dispensed: { bizStep: 'dispensing', disposition: 'dispensed' },
  destroyed: { bizStep: 'destroying', disposition: 'destroyed' },
  stolen: { bizStep: 'decommissioning', disposition: 'stolen' },
  exported: { bizStep: 'decommissioning', disposition: 'inactive' },
  sample: { bizStep: 'decommissioning', disposition: 'inactive' },
  free_sample: { bizStep: 'decommissioning', disposition: 'inactive' },
  locked: { bizStep: 'decommissioning', disposition: 'sellable_not_accessible' },
};

/** Dispensing to patients and every other decommissioning, with undo. */
export class DispensingContract extends TraceContract {
  constructor() {
    super('dispensing');
  }

  /** A pharmacy hands a pack it holds to a patient. */
  @Transaction()
  @Returns('string')
  async Dispense(ctx: TraceContext, gtin: string, serial: string): Promise<string> {
    const caller = await authorise(ctx, 'Dispense');
    return this.result(await this.decommission(ctx, caller, gtin, serial, 'dispensed', ''));
  }

  /** Takes a pack the caller holds out of circulation: destroyed, stolen, exported, sample, free sample or locked. */
  @Transaction()
  @Returns('string')
  async Decommission(
    ctx: TraceContext,
    gtin: string,
    serial: string,
    reason: string,
    note: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'Decommission');
    const allowed = DECOMMISSION_REASONS.filter((r) => r !== 'dispensed');
    const why = requireOneOf(reason, allowed, 'reason');
    return this.result(
      await this.decommission(ctx, caller, gtin, serial, why, optionalText(note, 'note', 500)),
    );
  }

  /**
   * Returns a decommissioned pack to circulation: within ten days, by the party that
   * decommissioned it, never for a stolen or destroyed pack or a recalled or expired batch.
   */
  @Transaction()
  @Returns('string')
  async UndoDecommission(ctx: TraceContext, gtin: string, serial: string): Promise<string> {
    const caller = await authorise(ctx, 'UndoDecommission');
    const pack = await requirePack(
      ctx,
      gs1(() => validateGtin14(gtin)),
      gs1(() => validateSerial(serial)),
    );
    const done = pack.decommission;
    if (pack.status !== 'inactive' || done === null) {
      throw new ChaincodeRefusal('UNDO_NOT_ALLOWED', 'the pack is not decommissioned');
    }
    if (done.by !== caller.gln) {
      throw new ChaincodeRefusal(
        'UNDO_NOT_ALLOWED',
        'only the party that decommissioned the pack may undo it',
      );
    }
    if (done.reason === 'stolen' || done.reason === 'destroyed') {
      throw new ChaincodeRefusal(
        'UNDO_NOT_ALLOWED',
        `a pack reported ${done.reason} cannot be returned to circulation`,
      );
    }
    if (transactionTime(ctx).millis - Date.parse(done.at) > UNDO_WINDOW_MS) {
      throw new ChaincodeRefusal(
        'UNDO_NOT_ALLOWED',
        `the ${UNDO_WINDOW_DAYS}-day window to undo has passed`,
        { decommissionedAt: done.at },
      );
    }
    const batch = await requireBatch(ctx, pack.gtin, pack.lot);
    if (batch.status === 'recalled') {
      throw new ChaincodeRefusal('UNDO_NOT_ALLOWED', 'the batch has been recalled since');
    }
    if (isExpired(ctx, batch)) {
      throw new ChaincodeRefusal('UNDO_NOT_ALLOWED', 'the batch has expired');
    }
    const entry = historyEntry(ctx, caller.gln, {
      action: 'decommission_undone',
      bizStep: 'inspecting',
      disposition: 'active',
      note: `undo of ${done.reason}`,
    });
    const restored: Pack = {
      ...pack,
      status: 'active',
      custodian: done.previousCustodian,
      decommission: null,
      lastEvent: entry,
    };
    await saveItem(ctx, restored);
    await addHolding(ctx, restored.custodian, refOf(restored));
    // EPCIS: the decommissioning (or dispensing) event did not occur; this undo corrects it.
    await declareCorrection(
      ctx,
      caller.gln,
      eventIdOfTransaction(done.txId, [pack.lastEvent]),
      'did_not_occur',
    );
    emitEvent(ctx, {
      type: 'DecommissionUndone',
      by: caller.gln,
      parties: [caller.gln],
      epcis: [
        {
          eventType: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'inspecting',
          disposition: 'active',
          epcList: [packUri(pack.gtin, pack.serial)],
          readPoint: partyUri(caller.gln),
        },
      ],
      subject: { gtin: pack.gtin, serial: pack.serial },
    });
    return this.result(restored);
  }

  private async decommission(
    ctx: TraceContext,
    caller: Caller,
    gtin: string,
    serial: string,
    reason: DecommissionReason,
    note: string,
  ): Promise<Pack> {
    const pack = await requirePack(
      ctx,
      gs1(() => validateGtin14(gtin)),
      gs1(() => validateSerial(serial)),
    );
    checkHandledByCustodian(pack, caller.gln);
    if (reason === 'dispensed') {
      const batch = await requireBatch(ctx, pack.gtin, pack.lot);
      if (batch.status === 'recalled') {
        throw new ChaincodeRefusal(
          'BATCH_RECALLED',
          `batch ${batch.lot} is recalled; do not dispense`,
        );
      }
      if (isExpired(ctx, batch)) {
        throw new ChaincodeRefusal(
          'BATCH_EXPIRED',
          `batch ${batch.lot} expired on ${batch.expiryDate}; do not dispense`,
        );
      }
    }
    const vocabulary = DECOMMISSION_VOCABULARY[reason];
    const entry = historyEntry(ctx, caller.gln, {
      action: reason,
      bizStep: vocabulary.bizStep,
      disposition: vocabulary.disposition,
      ...(note === '' ? {} : { note }),
    });
    const updated: Pack = {
      ...pack,
      status: 'inactive',
      decommission: {
        reason,
        by: caller.gln,
        at: entry.at,
        note,
        txId: entry.txId,
        previousCustodian: pack.custodian,
      },
      lastEvent: entry,
    };
    await saveItem(ctx, updated);
    await removeHolding(ctx, caller.gln, refOf(pack));
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
          epcList: [packUri(pack.gtin, pack.serial)],
          readPoint: partyUri(caller.gln),
          bizLocation: partyUri(caller.gln),
        },
      ],
      subject: { gtin: pack.gtin, serial: pack.serial, reason },
    });
    return updated;
  }
}
