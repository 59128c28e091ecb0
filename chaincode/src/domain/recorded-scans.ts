import type { PackCode } from '@packtrace/gs1';
import type { Caller } from '../identity/caller';
import { Keys } from '../ledger/keys';
import { writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Scan, VerificationRequest } from '../model/scan';
import type { Pack } from '../model/tracked-item';
import type { RecordedVerdict } from '../model/transaction-results';
import type { Verdict } from '../model/verdict';
import { newAlert, saveNewAlert } from './alerts';
import { packUri, partyUri } from './epcis-identifiers';
import { emitEvent, historyEntry } from './ledger-events';
import { quarantineItem } from './quarantine';
import { assessPack } from './verification';

/**
 * Records a verification on the ledger, the one way both a scan on the platform and a partner's
 * verification request are kept: the scan record (who, which code, when, what was found) and its
 * event, `AlertRaised` when it raised an alert, `PackScanned` otherwise.
 */
export async function recordVerification(
  ctx: TraceContext,
  caller: Caller,
  packCode: PackCode,
  outcome: {
    readonly verdict: Verdict;
    readonly at: string;
    readonly alertId: string | null;
    /** The pack's disposition as the observation's EPCIS event states it. */
    readonly disposition: string;
    readonly request?: VerificationRequest;
  },
): Promise<Scan> {
  const { verdict, alertId } = outcome;
  const txId = ctx.stub.getTxID();
  const scan: Scan = {
    docType: 'scan',
    gtin: packCode.gtin,
    serial: packCode.serial,
    lot: packCode.lot ?? null,
    expiry: packCode.expiry ?? null,
    by: caller.gln,
    role: caller.role,
    at: outcome.at,
    txId,
    verdict: verdict.verdict,
    reasons: verdict.reasons.map((reason) => reason.code),
    alertId,
    ...(outcome.request === undefined ? {} : { request: outcome.request }),
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
        disposition: outcome.disposition,
        epcList: [packUri(packCode.gtin, packCode.serial)],
        readPoint: partyUri(caller.gln),
      },
    ],
    subject:
      alertId === null
        ? { gtin: packCode.gtin, serial: packCode.serial }
        : { gtin: packCode.gtin, serial: packCode.serial, alert: alertId },
  });
  return scan;
}

/** A recorded scan's outcome, and the pack record the verdict was based on. */
export interface RecordedScan {
  readonly recorded: RecordedVerdict;
  readonly pack: Pack | undefined;
}

/**
 * A verification recorded on the ledger (who, where, when), as RecordScan and VerifyAndDispense
 * keep it. A scan that finds a counterfeit, clone or diversion signal raises an alert and puts a
 * pack still in circulation under investigation.
 */
export async function recordScan(
  ctx: TraceContext,
  caller: Caller,
  packCode: PackCode,
): Promise<RecordedScan> {
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
  await recordVerification(ctx, caller, packCode, {
    verdict,
    at: entry.at,
    alertId,
    disposition:
      alertId !== null && pack?.status === 'active' ? 'non_sellable_other' : entry.disposition,
  });
  return { recorded: { ...verdict, scan: { txId, alertId } }, pack };
}
