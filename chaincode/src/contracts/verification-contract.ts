import { parsePackCode, type PackCode } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { newAlert, saveNewAlert } from '../domain/alerts';
import { packUri, partyUri } from '../domain/epcis-identifiers';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { quarantineItem } from '../domain/quarantine';
import { assessPack } from '../domain/verification';
import { authorise, type Caller } from '../identity/caller';
import { gs1, requireText } from '../ledger/arguments';
import { Keys } from '../ledger/keys';
import { writeRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { Scan, VerificationRequest } from '../model/scan';
import type { RecordedVerdict } from '../model/transaction-results';
import type { Verdict, VerdictReasonCode } from '../model/verdict';
import { TraceContract } from './trace-contract';

/**
 * Reasons about the asker's own custody. A verification request asks whether the product
 * identifier is one the manufacturer commissioned and in what state it is, not whether the asker
 * holds it: a wholesaler verifies a saleable return that the ledger still shows with the pharmacy
 * that sent it back.
 */
const CUSTODY_REASONS: readonly VerdictReasonCode[] = ['IN_TRANSIT', 'NOT_IN_CUSTODY'];

/** A request context word, e.g. `dscsaSaleableReturn`. */
const CONTEXT = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A correlation UUID: 8-4-4-4-12 hexadecimal digits. */
const CORR_UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/**
 * Records a verification on the ledger, the one way both a scan on the platform and a partner's
 * verification request are kept: the scan record (who, which code, when, what was found) and its
 * event, `AlertRaised` when it raised an alert, `PackScanned` otherwise.
 */
async function recordVerification(
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
    await recordVerification(ctx, caller, packCode, {
      verdict,
      at: entry.at,
      alertId,
      disposition:
        alertId !== null && pack?.status === 'active' ? 'non_sellable_other' : entry.disposition,
    });
    return this.result({ ...verdict, scan: { txId, alertId } } satisfies RecordedVerdict);
  }

  /**
   * A trading partner's GS1 Lightweight Verification Messaging request (a VRS request), answered
   * and recorded: who asked about which identifier, in which context, under which correlation
   * UUID, and what was found. The answer judges the identifier and the pack's state, not the
   * asker's custody; it raises no alert and quarantines nothing (the requestor, told the product
   * is not verified, flags it if it decides it is suspect).
   */
  @Transaction()
  @Returns('string')
  async RecordVerificationRequest(
    ctx: TraceContext,
    code: string,
    context: string,
    corrUUID: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'RecordVerificationRequest');
    const packCode = gs1(() => parsePackCode(code));
    const requestContext = requireText(context, 'context', 64);
    if (!CONTEXT.test(requestContext)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'context must be 1-64 letters, digits or _.:-',
      );
    }
    if (!CORR_UUID.test(corrUUID)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'corrUUID must be a UUID (8-4-4-4-12 hex digits)',
      );
    }
    const { verdict: assessed, pack } = await assessPack(ctx, caller, packCode);
    const reasons = assessed.reasons.filter((reason) => !CUSTODY_REASONS.includes(reason.code));
    const verdict = {
      ...assessed,
      verdict: reasons.length === 0 ? ('AUTHENTIC_ACTIVE' as const) : ('DO_NOT_SUPPLY' as const),
      reasons,
    };
    const request: VerificationRequest = {
      protocol: 'gs1-lightweight-verification',
      context: requestContext,
      corrUUID,
    };
    const { txId } = await recordVerification(ctx, caller, packCode, {
      verdict,
      at: verdict.checkedAt,
      alertId: null,
      // An observation changes nothing: the pack keeps its disposition.
      disposition: pack?.lastEvent.disposition ?? 'active',
      request,
    });
    return this.result({
      ...verdict,
      scan: { txId, alertId: null, request },
    } satisfies RecordedVerdict);
  }
}
