import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import { transactionTime } from '../ledger/transaction-time';
import {
  MAX_REQUESTED_VERIFICATIONS,
  MAX_VERIFICATION_REQUESTS,
  MIN_REQUESTED_VERIFICATIONS,
  type CaseVerificationRequest,
  type RequestedVerificationResult,
} from '../model/alert-case';
import type { Alert } from '../model/alert';
import type { Verdict } from '../model/verdict';
import { findItem } from './items';

/**
 * How many packs a request asks for: DSCSA's floor is three (or 10 % of the lot, which the
 * ledger cannot count cheaply for one holder, so the investigator states it: docs/decisions.md).
 */
export function parseRequestedCount(text: string): number {
  const count = /^[0-9]{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(count) || count < MIN_REQUESTED_VERIFICATIONS) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `count must be a whole number of packs, at least ${MIN_REQUESTED_VERIFICATIONS}`,
    );
  }
  if (count > MAX_REQUESTED_VERIFICATIONS) {
    throw new ChaincodeRefusal(
      'LIMIT_EXCEEDED',
      `a request asks for at most ${MAX_REQUESTED_VERIFICATIONS} packs`,
    );
  }
  return count;
}

/** The lot of the alert's first pack on the ledger, which requests ask to verify more of. */
export async function alertLot(
  ctx: TraceContext,
  alert: Alert,
): Promise<{ gtin: string; lot: string }> {
  for (const ref of alert.items) {
    if (ref.type === 'pack') {
      const item = await findItem(ctx, ref);
      if (item?.docType === 'pack') {
        return { gtin: item.gtin, lot: item.lot };
      }
    }
  }
  throw new ChaincodeRefusal(
    'INVALID_ARGUMENT',
    'this alert concerns no pack on the ledger, so it has no lot to verify more of',
  );
}

/** A new request on a case, refused when the case already holds its most. */
export function newRequest(
  ctx: TraceContext,
  alert: Alert,
  details: Omit<CaseVerificationRequest, 'id' | 'at' | 'status' | 'results'>,
): CaseVerificationRequest {
  if (alert.verificationRequests.length >= MAX_VERIFICATION_REQUESTS) {
    throw new ChaincodeRefusal(
      'LIMIT_EXCEEDED',
      `a case holds at most ${MAX_VERIFICATION_REQUESTS} verification requests`,
    );
  }
  return {
    ...details,
    id: ctx.stub.getTxID(),
    at: transactionTime(ctx).iso,
    status: 'open',
    results: [],
  };
}

/**
 * The request with a verification added, checked: made by the party asked, of a pack of the
 * requested lot not verified for it before, while the request is open.
 */
export function withResult(
  request: CaseVerificationRequest,
  callerGln: string,
  code: { gtin: string; lot: string | undefined; serial: string },
  verdict: Verdict,
  recorded: { at: string; txId: string },
): CaseVerificationRequest {
  if (request.requestedOf !== callerGln) {
    throw new ChaincodeRefusal(
      'NOT_PERMITTED',
      'only the party a verification request was made of records verifications against it',
    );
  }
  if (request.status === 'complete') {
    throw new ChaincodeRefusal(
      'VERIFICATION_REQUEST_COMPLETE',
      `verification request ${request.id} already has its ${request.count} packs`,
    );
  }
  if (code.gtin !== request.gtin || (code.lot !== undefined && code.lot !== request.lot)) {
    throw new ChaincodeRefusal(
      'PACK_NOT_REQUESTED',
      `the request asks for packs of GTIN ${request.gtin} lot ${request.lot}`,
    );
  }
  if (request.results.some((result) => result.serial === code.serial)) {
    throw new ChaincodeRefusal(
      'DUPLICATE_ITEM',
      `serial ${code.serial} was already verified for this request`,
    );
  }
  const result: RequestedVerificationResult = {
    serial: code.serial,
    verdict: verdict.verdict,
    reasons: verdict.reasons.map((reason) => reason.code),
    at: recorded.at,
    txId: recorded.txId,
  };
  const results = [...request.results, result];
  return {
    ...request,
    results,
    status: results.length >= request.count ? 'complete' : 'open',
  };
}
