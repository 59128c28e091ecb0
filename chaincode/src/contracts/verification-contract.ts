import { parsePackCode } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { newAlert, saveNewAlert } from '../domain/alerts';
import { packUri, partyUri } from '../domain/epcis-identifiers';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { quarantineItem } from '../domain/quarantine';
import { assessPack } from '../domain/verification';
import { authorise } from '../identity/caller';
import { gs1 } from '../ledger/arguments';
import { Keys } from '../ledger/keys';
import { writeRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import type { Scan } from '../model/scan';
import { TraceContract } from './trace-contract';

/** Is this pack genuine and may it be handed over? */
export class VerificationContract extends TraceContract {
  constructor() {
    super('verification');
  }

  /** A read-only check of any code form: the verdict and its reasons. */
  @Transaction(false)
  @Returns('string')
  async Verify(ctx: TraceContext, code: string): Promise<string> {
    const caller = await authorise(ctx, 'Verify');
    const packCode = gs1(() => parsePackCode(code));
    return this.result((await assessPack(ctx, caller, packCode)).verdict);
  }

  /**
   * A verification recorded on the ledger (who, where, when). A scan that finds a counterfeit,
   * clone or diversion signal raises an alert and puts a pack still in circulation under
   * investigation.
   */
  @Transaction()
  @Returns('string')
  async RecordScan(ctx: TraceContext, code: string): Promise<string> {
    const caller = await authorise(ctx, 'RecordScan');
    const packCode = gs1(() => parsePackCode(code));
    const { verdict, pack } = await assessPack(ctx, caller, packCode);
    const txId = ctx.stub.getTxID();
    const alarming = verdict.reasons.filter((reason) => reason.raisesAlert);
    const alertId = alarming.length > 0 ? txId : null;
    const entry = historyEntry(ctx, caller.gln, {
      action: 'scanned',
      bizStep: 'inspecting',
      disposition: pack?.lastEvent.disposition ?? 'active',
    });
    if (alertId !== null) {
      const ref = { type: 'pack' as const, gtin: packCode.gtin, serial: packCode.serial };
      const held =
        pack !== undefined &&
        (await quarantineItem(ctx, pack, alertId, {
          ...entry,
          action: 'quarantined',
          bizStep: 'holding',
          disposition: 'non_sellable_other',
          alert: alertId,
        }));
      const alert = newAlert(ctx, caller.gln, {
        kind: 'scan',
        reasons: alarming.map((reason) => reason.code),
        note: alarming.map((reason) => reason.message).join(' '),
        items: [ref],
        quarantined: held ? [ref] : [],
      });
      await saveNewAlert(ctx, alert);
    }
    const scan: Scan = {
      docType: 'scan',
      gtin: packCode.gtin,
      serial: packCode.serial,
      lot: packCode.lot ?? null,
      expiry: packCode.expiry ?? null,
      by: caller.gln,
      role: caller.role,
      at: entry.at,
      txId,
      verdict: verdict.verdict,
      reasons: verdict.reasons.map((reason) => reason.code),
      alertId,
    };
    await writeRecord(ctx, Keys.scan(ctx, packCode.gtin, packCode.serial, txId), scan);
    emitEvent(ctx, {
      type: alertId === null ? 'PackScanned' : 'AlertRaised',
      by: caller.gln,
      parties: [caller.gln],
      epcis: [
        {
          eventType: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'inspecting',
          disposition:
            alertId !== null && pack?.status === 'active'
              ? 'non_sellable_other'
              : entry.disposition,
          epcList: [packUri(packCode.gtin, packCode.serial)],
          readPoint: partyUri(caller.gln),
        },
      ],
      subject:
        alertId === null
          ? { gtin: packCode.gtin, serial: packCode.serial }
          : { gtin: packCode.gtin, serial: packCode.serial, alert: alertId },
    });
    return this.result({ ...verdict, scan: { txId, alertId } });
  }
}
