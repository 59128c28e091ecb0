import { Tx } from '@packtrace/chaincode/client';
import { LedgerFailure } from '@packtrace/ledger';
import { ApiError } from '../errors/api-error';
import type { LedgerCaller } from '../ledger/ledger-caller';
import { MAX_ISSUES_LISTED } from '../errors/validation-failure';
import { checkCaptureBounds } from './capture-bounds';
import type { CapturedEventResult } from './capture-jobs';
import { mapCapturedEvent } from './capture-mapping';
import { epcisSchemaIssues } from './epcis-schema';
import { captureErrorDeclaration } from './error-declarations';

/** Records one event through `epcis:CaptureEvent`, and says what became of it. */
async function captureEvent(
  ledger: LedgerCaller,
  event: Record<string, unknown>,
): Promise<CapturedEventResult> {
  if (event['errorDeclaration'] !== undefined) {
    return captureErrorDeclaration(ledger, event);
  }
  const mapping = mapCapturedEvent(event);
  if (mapping.kind === 'refused') {
    const { eventId, code, message } = mapping.refusal;
    return { eventID: eventId, status: 'refused', error: { code, message } };
  }
  const { call } = mapping;
  try {
    const answer = await ledger.submit(
      Tx.CaptureEvent,
      call.eventId,
      call.eventTime,
      call.step,
      JSON.stringify(call.args),
    );
    return {
      eventID: call.eventId,
      status: 'recorded',
      step: call.step,
      txId: answer.capture.txId,
    };
  } catch (error) {
    if (!(error instanceof LedgerFailure)) {
      throw error;
    }
    if (error.kind === 'refused' && error.body?.code === 'EVENT_ALREADY_CAPTURED') {
      const txId = error.body.details?.['txId'];
      return {
        eventID: call.eventId,
        status: 'already_recorded',
        txId: typeof txId === 'string' ? txId : '',
      };
    }
    if (error.kind === 'refused' && error.body !== undefined) {
      return {
        eventID: call.eventId,
        status: 'refused',
        error: { code: error.body.code, message: error.body.message },
      };
    }
    return {
      eventID: call.eventId,
      status: error.kind === 'outcome_unknown' ? 'not_confirmed' : 'refused',
      error: { code: `LEDGER_${error.kind.toUpperCase()}`, message: error.message },
    };
  }
}

type EventList = Array<Record<string, unknown>>;

/**
 * The events a captured document lists: an `EPCISDocument`'s `epcisBody.eventList`, or, as the
 * REST binding asks capture to take both, an `EPCISQueryDocument`'s
 * `epcisBody.queryResults.resultsBody.eventList` (a query's answer captured elsewhere).
 */
function eventsOf(body: Record<string, unknown>): EventList {
  const epcisBody = body['epcisBody'] as
    | { eventList?: EventList; queryResults?: { resultsBody?: { eventList?: EventList } } }
    | undefined;
  if (body['type'] === 'EPCISDocument') {
    return epcisBody?.eventList ?? [];
  }
  if (body['type'] === 'EPCISQueryDocument') {
    return epcisBody?.queryResults?.resultsBody?.eventList ?? [];
  }
  throw new ApiError(
    400,
    'VALIDATION_FAILED',
    'capture takes an EPCISDocument or an EPCISQueryDocument; nothing was recorded',
  );
}

/**
 * Captures an EPCIS document (or query document): bounds its lists (cheap, first), checks it against GS1's schema
 * (off the event loop), then records its events one at a time, each whole or refused whole.
 *
 * @throws ApiError 400 `LIMIT_EXCEEDED`, `EPCIS_SCHEMA_INVALID` or `VALIDATION_FAILED` before
 * anything is recorded
 */
export async function captureDocument(
  ledger: LedgerCaller,
  body: Record<string, unknown>,
): Promise<CapturedEventResult[]> {
  // Cheap and first: nothing costly looks at a document larger than the ledger would take.
  checkCaptureBounds(body);
  const issues = await epcisSchemaIssues(body);
  if (issues.length > 0) {
    throw new ApiError(
      400,
      'EPCIS_SCHEMA_INVALID',
      'the document is not valid against GS1’s EPCIS 2.0 JSON Schema; nothing was recorded',
      { issues: issues.slice(0, MAX_ISSUES_LISTED), totalIssues: issues.length },
    );
  }
  const events = eventsOf(body);
  const results: CapturedEventResult[] = [];
  // One at a time, in the document's order: a later event may act on an earlier one's items.
  for (const event of events) {
    results.push(await captureEvent(ledger, event));
  }
  return results;
}
