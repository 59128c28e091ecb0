import { parsePackCode, validateGln } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import {
  caseHistoryEntry,
  parseEvidence,
  recordStepOnItems,
  requireCaseParty,
} from '../domain/alert-case';
import { checkCaseStep } from '../domain/alert-case-rules';
import { closeCase } from '../domain/alert-closure';
import { requireAlert, saveAlertStatus } from '../domain/alerts';
import {
  alertLot,
  newRequest,
  parseRequestedCount,
  withResult,
} from '../domain/alert-verification-requests';
import { mayReadNotice, requireNotice } from '../domain/illegitimate-notices';
import { requireParty } from '../domain/parties';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { assessPack } from '../domain/verification';
import { authorise } from '../identity/caller';
import { gs1, requireOneOf, requireRecordId, requireText } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { writeIndex, writeRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import { transactionTime } from '../ledger/transaction-time';
import {
  CASE_STEPS,
  MAX_STEP_NOTE,
  ROOT_CAUSES,
  type CaseTimelineEntry,
  type IllegitimateNotice,
  type RootCause,
} from '../model/alert-case';
import type { Alert } from '../model/alert';
import { TraceContract } from './trace-contract';

/**
 * Alerts as cases several parties work on (issue 25): the steps of the state machine
 * (domain/alert-case-rules.ts), requests to verify more packs of the lot, and the
 * illegitimate-product notice a confirmation produces.
 */
export class AlertCaseContract extends TraceContract {
  constructor() {
    super('alertcases');
  }

  /**
   * Takes one step on an alert's case (acknowledge, investigate, escalate, close) with a note
   * (1-1,000 characters) and evidence (a JSON array of up to 10 SHA-256 hex digests, or empty).
   * `rootCause` is required to close and refused otherwise. Who may take which step from which
   * state is the table in domain/alert-case-rules.ts; the step joins the case's timeline and
   * the history of every item the alert concerns.
   */
  @Transaction()
  @Returns('string')
  async TakeAlertStep(
    ctx: TraceContext,
    alertId: string,
    step: string,
    rootCause: string,
    note: string,
    evidence: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'TakeAlertStep');
    const alert = await requireAlert(ctx, requireRecordId(alertId, 'alertId'));
    const capacities = requireCaseParty(alert, caller);
    const wanted = requireOneOf(step, CASE_STEPS, 'step');
    let cause: RootCause | null = null;
    if (wanted === 'close') {
      if (rootCause === '') {
        throw new ChaincodeRefusal(
          'ROOT_CAUSE_REQUIRED',
          `closing a case needs a root cause: one of ${ROOT_CAUSES.join(', ')}`,
        );
      }
      cause = requireOneOf(rootCause, ROOT_CAUSES, 'rootCause');
    } else if (rootCause !== '') {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', 'only closing a case takes a root cause');
    }
    const text = requireText(note, 'note', MAX_STEP_NOTE);
    const digests = parseEvidence(evidence);
    const to = checkCaseStep(alert.state, wanted, capacities, cause);
    const base = historyEntry(ctx, caller.gln, {
      action: `alert_${wanted}`,
      bizStep: 'inspecting',
      disposition: alert.quarantined.length > 0 ? 'non_sellable_other' : 'active',
    });
    const entry: CaseTimelineEntry = {
      step: wanted,
      from: alert.state,
      to,
      by: caller.gln,
      as: capacities,
      at: base.at,
      txId: base.txId,
      note: text,
      evidence: digests,
      ...(cause === null ? {} : { rootCause: cause }),
    };
    let updated: Alert;
    let notice: IllegitimateNotice | null = null;
    if (wanted === 'close') {
      ({ alert: updated, notice } = await closeCase(ctx, alert, entry, base, cause));
    } else {
      updated = { ...alert, state: to, timeline: [...alert.timeline, entry] };
      await recordStepOnItems(ctx, alert, caseHistoryEntry(base, alert, entry));
      await saveAlertStatus(ctx, alert, updated);
    }
    emitEvent(ctx, {
      type: 'AlertCaseStep',
      by: caller.gln,
      parties: [
        ...new Set([caller.gln, alert.raisedBy, ...alert.custodians, ...alert.manufacturers]),
      ],
      epcis: [],
      subject: {
        alert: alert.id,
        step: wanted,
        state: to,
        ...(cause === null ? {} : { rootCause: cause }),
        ...(notice === null ? {} : { notice: notice.alertId }),
      },
    });
    return this.result(updated);
  }

  /**
   * Asks a party to verify more packs of the alert's lot (`count`, at least 3) while the case
   * is under investigation or escalated: the product's manufacturer or the regulator asks, a
   * trading party is asked. The request is part of the case.
   */
  @Transaction()
  @Returns('string')
  async RequestLotVerification(
    ctx: TraceContext,
    alertId: string,
    party: string,
    count: string,
    note: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'RequestLotVerification');
    const alert = await requireAlert(ctx, requireRecordId(alertId, 'alertId'));
    const capacities = requireCaseParty(alert, caller);
    if (!capacities.includes('manufacturer') && !capacities.includes('regulator')) {
      throw new ChaincodeRefusal(
        'CASE_STEP_NOT_PERMITTED',
        'only the product’s manufacturer or the regulator asks for more packs to be verified',
      );
    }
    if (alert.state !== 'under_investigation' && alert.state !== 'escalated') {
      throw new ChaincodeRefusal(
        alert.state === 'closed' ? 'ALERT_RESOLVED' : 'CASE_STEP_OUT_OF_ORDER',
        `more packs are verified during an investigation; this case is ${alert.state}`,
      );
    }
    const asked = await requireParty(ctx, requireGln(party));
    if (asked.role === 'regulator') {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'a trading party verifies packs, not the regulator',
      );
    }
    const requestedCount = parseRequestedCount(count);
    const text = requireText(note, 'note', MAX_STEP_NOTE);
    const lot = await alertLot(ctx, alert);
    const request = newRequest(ctx, alert, {
      requestedBy: caller.gln,
      requestedOf: asked.gln,
      gtin: lot.gtin,
      lot: lot.lot,
      count: requestedCount,
      note: text,
    });
    const at = transactionTime(ctx).iso;
    const updated: Alert = {
      ...alert,
      verificationRequests: [...alert.verificationRequests, request],
      timeline: [
        ...alert.timeline,
        {
          step: 'request_verification',
          from: alert.state,
          to: alert.state,
          by: caller.gln,
          as: capacities,
          at,
          txId: ctx.stub.getTxID(),
          note: `${asked.gln} to verify ${requestedCount} packs of lot ${lot.lot}: ${text}`,
          evidence: [],
        },
      ],
    };
    await writeRecord(ctx, Keys.alert(ctx, alert.id), updated);
    // The asked party finds the case among the alerts about its stock (every status): it is
    // asked about packs of the lot it holds. It reads the case but takes no step on it.
    await writeIndex(ctx, Keys.alertByHolder(ctx, asked.gln, alert.id));
    emitEvent(ctx, {
      type: 'LotVerificationRequested',
      by: caller.gln,
      parties: [caller.gln, asked.gln],
      epcis: [],
      subject: { alert: alert.id, request: request.id, party: asked.gln },
    });
    return this.result(updated);
  }

  /**
   * Records the verification of one pack (its GS1 code) against a request made of the caller's
   * party: the verdict the ledger gives it now. The request completes with its last pack.
   */
  @Transaction()
  @Returns('string')
  async RecordRequestedVerification(
    ctx: TraceContext,
    alertId: string,
    requestId: string,
    code: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'RecordRequestedVerification');
    const alert = await requireAlert(ctx, requireRecordId(alertId, 'alertId'));
    const id = requireRecordId(requestId, 'requestId');
    const index = alert.verificationRequests.findIndex((request) => request.id === id);
    const request = alert.verificationRequests[index];
    if (request === undefined) {
      throw new ChaincodeRefusal(
        'VERIFICATION_REQUEST_NOT_FOUND',
        `alert ${alert.id} has no verification request ${id}`,
      );
    }
    const packCode = gs1(() => parsePackCode(code));
    const { verdict, pack } = await assessPack(ctx, caller, packCode);
    const updatedRequest = withResult(
      request,
      caller.gln,
      { gtin: packCode.gtin, serial: packCode.serial, lot: pack?.lot ?? packCode.lot },
      verdict,
      { at: transactionTime(ctx).iso, txId: ctx.stub.getTxID() },
    );
    const requests = [...alert.verificationRequests];
    requests[index] = updatedRequest;
    const updated: Alert = { ...alert, verificationRequests: requests };
    await writeRecord(ctx, Keys.alert(ctx, alert.id), updated);
    emitEvent(ctx, {
      type: 'LotVerificationRecorded',
      by: caller.gln,
      parties: [caller.gln, request.requestedBy],
      epcis: [],
      subject: { alert: alert.id, request: id, serial: packCode.serial, verdict: verdict.verdict },
    });
    return this.result(updated);
  }

  /** The illegitimate-product notice a confirmed alert produced (the parties it names, the regulator). */
  @Transaction(false)
  @Returns('string')
  async GetIllegitimateNotice(ctx: TraceContext, alertId: string): Promise<string> {
    const caller = await authorise(ctx, 'GetIllegitimateNotice');
    const notice = await requireNotice(ctx, requireRecordId(alertId, 'alertId'));
    if (!mayReadNotice(notice, caller)) {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        'only the regulator and the parties a notice names may read it',
      );
    }
    return this.result(notice);
  }

  /**
   * Terminates an illegitimate-product notice once the matter is dealt with (the regulator, or
   * the manufacturer of the product), with a note; the termination joins the case's timeline.
   */
  @Transaction()
  @Returns('string')
  async TerminateIllegitimateNotice(
    ctx: TraceContext,
    alertId: string,
    note: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'TerminateIllegitimateNotice');
    const alert = await requireAlert(ctx, requireRecordId(alertId, 'alertId'));
    const notice = await requireNotice(ctx, alert.id);
    const capacities = requireCaseParty(alert, caller);
    if (!capacities.includes('manufacturer') && !capacities.includes('regulator')) {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        'only the regulator or the product’s manufacturer terminates a notice',
      );
    }
    if (notice.status === 'terminated') {
      throw new ChaincodeRefusal(
        'NOTICE_TERMINATED',
        `the notice on alert ${alert.id} was already terminated`,
      );
    }
    const text = requireText(note, 'note', MAX_STEP_NOTE);
    const at = transactionTime(ctx).iso;
    const txId = ctx.stub.getTxID();
    const terminated: IllegitimateNotice = {
      ...notice,
      status: 'terminated',
      termination: { by: caller.gln, at, note: text, txId },
    };
    await writeRecord(ctx, Keys.illegitimateNotice(ctx, alert.id), terminated);
    await writeRecord(ctx, Keys.alert(ctx, alert.id), {
      ...alert,
      timeline: [
        ...alert.timeline,
        {
          step: 'terminate_notice',
          from: alert.state,
          to: alert.state,
          by: caller.gln,
          as: capacities,
          at,
          txId,
          note: text,
          evidence: [],
        },
      ],
    } satisfies Alert);
    emitEvent(ctx, {
      type: 'IllegitimateNoticeTerminated',
      by: caller.gln,
      parties: [...new Set([caller.gln, ...notice.addressees])],
      epcis: [],
      subject: { alert: alert.id },
    });
    return this.result(terminated);
  }
}

function requireGln(value: string): string {
  return gs1(() => validateGln(value));
}
