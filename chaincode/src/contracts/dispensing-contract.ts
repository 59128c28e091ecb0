import { parsePackCode, validateGtin14, validateSerial, validateSscc } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { isExpired, requireBatch } from '../domain/batches';
import { decommissionSelection, selectContainer, selectPacks } from '../domain/bulk-decommission';
import { checkHandledByCustodian } from '../domain/custody-checks';
import { DECOMMISSION_VOCABULARY } from '../domain/decommission-vocabulary';
import { packUri, partyUri } from '../domain/epcis-identifiers';
import { addHolding, refOf, removeHolding, requirePack, saveItem } from '../domain/items';
import { declareCorrection, eventIdOfTransaction } from '../domain/error-declarations';
import { parseItemRefs } from '../domain/item-arguments';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { recordScan } from '../domain/recorded-scans';
import { authorise, type Caller } from '../identity/caller';
import { gs1, optionalText, requireOneOf } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { transactionTime } from '../ledger/transaction-time';
import { TraceContext } from '../ledger/trace-context';
import { DECOMMISSION_REASONS, type DecommissionReason, type Pack } from '../model/tracked-item';
import { MAX_PACKS_PER_TRANSACTION, type VerifiedDispense } from '../model/bulk-operations';
import { UNDO_WINDOW_DAYS } from '../model/limits';
import { TraceContract } from './trace-contract';

const UNDO_WINDOW_MS = UNDO_WINDOW_DAYS * 24 * 60 * 60 * 1000;

/** Every reason but dispensing, which only a pharmacy records (Dispense and its kin). */
const OTHER_REASONS = DECOMMISSION_REASONS.filter((r) => r !== 'dispensed');

/** A JSON array of packs (`{"type":"pack","gtin","serial"}`), at most one transaction's worth. */
function parsePackList(text: string): Array<{ gtin: string; serial: string }> {
  return parseItemRefs(text, 'packs', MAX_PACKS_PER_TRANSACTION).map((ref) => {
    if (ref.type !== 'pack') {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'packs must list packs only; send a case or pallet by its SSCC',
      );
    }
    return { gtin: ref.gtin, serial: ref.serial };
  });
}

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
    const why = requireOneOf(reason, OTHER_REASONS, 'reason');
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

  /**
   * A pharmacy dispenses every pack in a case or pallet it holds, without unpacking it: all or
   * none (a pack that may not be dispensed refuses the call, listing every such pack).
   */
  @Transaction()
  @Returns('string')
  async DispenseContainer(ctx: TraceContext, sscc: string): Promise<string> {
    const caller = await authorise(ctx, 'DispenseContainer');
    const code = gs1(() => validateSscc(sscc));
    const selection = await selectContainer(ctx, caller, code, 'dispensed');
    return this.result(await decommissionSelection(ctx, caller, selection, 'dispensed', ''));
  }

  /** Takes every pack in a case or pallet the caller holds out of circulation, all or none. */
  @Transaction()
  @Returns('string')
  async DecommissionContainer(
    ctx: TraceContext,
    sscc: string,
    reason: string,
    note: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'DecommissionContainer');
    const code = gs1(() => validateSscc(sscc));
    const why = requireOneOf(reason, OTHER_REASONS, 'reason');
    const text = optionalText(note, 'note', 500);
    const selection = await selectContainer(ctx, caller, code, why);
    return this.result(await decommissionSelection(ctx, caller, selection, why, text));
  }

  /** A pharmacy dispenses a list of loose packs it holds, all or none. */
  @Transaction()
  @Returns('string')
  async DispensePacks(ctx: TraceContext, packs: string): Promise<string> {
    const caller = await authorise(ctx, 'DispensePacks');
    const selection = await selectPacks(ctx, caller, parsePackList(packs), 'dispensed');
    return this.result(await decommissionSelection(ctx, caller, selection, 'dispensed', ''));
  }

  /** Takes a list of loose packs the caller holds out of circulation, all or none. */
  @Transaction()
  @Returns('string')
  async DecommissionPacks(
    ctx: TraceContext,
    packs: string,
    reason: string,
    note: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'DecommissionPacks');
    const refs = parsePackList(packs);
    const why = requireOneOf(reason, OTHER_REASONS, 'reason');
    const text = optionalText(note, 'note', 500);
    const selection = await selectPacks(ctx, caller, refs, why);
    return this.result(await decommissionSelection(ctx, caller, selection, why, text));
  }

  /**
   * Verifies a pack and, when it may be supplied, dispenses it, in one transaction: the
   * verification is recorded as a recorded scan is. A verdict not to supply it records the scan
   * (and the alert it raises) and dispenses nothing.
   */
  @Transaction()
  @Returns('string')
  async VerifyAndDispense(ctx: TraceContext, code: string): Promise<string> {
    const caller = await authorise(ctx, 'VerifyAndDispense');
    const packCode = gs1(() => parsePackCode(code));
    const { recorded } = await recordScan(ctx, caller, packCode);
    if (recorded.verdict !== 'AUTHENTIC_ACTIVE') {
      return this.result({ ...recorded, dispensed: null } satisfies VerifiedDispense);
    }
    const observed = ctx.pendingEvent?.epcis ?? [];
    const dispensed = await this.decommission(
      ctx,
      caller,
      packCode.gtin,
      packCode.serial,
      'dispensed',
      '',
    );
    const event = ctx.pendingEvent;
    if (event !== undefined) {
      // One ledger event per transaction: the dispensing first, the inspection it followed after.
      ctx.pendingEvent = { ...event, epcis: [...event.epcis, ...observed] };
    }
    return this.result({ ...recorded, dispensed } satisfies VerifiedDispense);
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
