import { Tx, type DocumentCaptureResult } from '@packtrace/chaincode/client';
import { LedgerFailure } from '@packtrace/ledger';
import { ApiError } from '../errors/api-error';
import type { LedgerCaller } from '../ledger/ledger-caller';
import { MAX_ISSUES_LISTED } from '../errors/validation-failure';
import { checkCaptureBounds } from './capture-bounds';
import type { CaptureErrorBehaviour, CapturedEventResult } from './capture-jobs';
import { eventIdOf, mapCapturedEvent, type CaptureCall } from './capture-mapping';
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

/** Every event of a document the ledger did not record, `culprit` refused with `error`. */
function noneRecorded(
  eventIDs: readonly string[],
  culprit: number,
  error: { readonly code: string; readonly message: string },
): CapturedEventResult[] {
  const named = eventIDs[culprit] ?? '';
  return eventIDs.map((eventID, index) =>
    index === culprit
      ? { eventID, status: 'refused', error }
      : {
          eventID,
          status: 'not_recorded',
          error: {
            code: 'DOCUMENT_NOT_RECORDED',
            message: `not recorded: event ${culprit} (${named}) was refused, and a document is recorded whole or not at all`,
          },
        },
  );
}

/** The index of the event a ledger refusal of a whole document names, if it names one. */
function refusedIndex(details: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const event = details?.['event'];
  const index =
    event !== null && typeof event === 'object'
      ? (event as Record<string, unknown>)['index']
      : undefined;
  return typeof index === 'number' && Number.isInteger(index) ? index : undefined;
}

/**
 * Records a document's events (two or more) in one ledger transaction, `epcis:CaptureDocument`:
 * every event recorded, or none. An event the gateway cannot map, or one declaring an error
 * (a transaction of its own, `epcis:DeclareEventError`), refuses the document before the ledger
 * is asked.
 */
async function captureWhole(
  ledger: LedgerCaller,
  events: EventList,
): Promise<CapturedEventResult[]> {
  const calls: CaptureCall[] = [];
  const eventIDs = events.map((event) => eventIdOf(event));
  for (const [index, event] of events.entries()) {
    if (event['errorDeclaration'] !== undefined) {
      return noneRecorded(eventIDs, index, {
        code: 'ERROR_DECLARATION_NOT_IN_ROLLBACK',
        message: `event ${index} declares an error, which the ledger records in a transaction of its own: post it in a document of its own, or with GS1-Capture-Error-Behaviour proceed; nothing was recorded`,
      });
    }
    const mapping = mapCapturedEvent(event);
    if (mapping.kind === 'refused') {
      const { code, message } = mapping.refusal;
      return noneRecorded(eventIDs, index, { code, message });
    }
    calls.push(mapping.call);
  }
  const ids = calls.map((call) => call.eventId);
  try {
    const answer: DocumentCaptureResult = await ledger.submit(
      Tx.CaptureDocument,
      JSON.stringify(calls),
    );
    return answer.events.map((outcome) =>
      outcome.status === 'recorded'
        ? { eventID: outcome.eventId, status: 'recorded', step: outcome.step, txId: outcome.txId }
        : { eventID: outcome.eventId, status: 'already_recorded', txId: outcome.txId },
    );
  } catch (error) {
    if (!(error instanceof LedgerFailure)) {
      throw error;
    }
    if (error.kind === 'refused' && error.body !== undefined) {
      const { code, message, details } = error.body;
      const index = refusedIndex(details);
      return index === undefined || index >= ids.length
        ? ids.map((eventID) => ({ eventID, status: 'refused', error: { code, message } }))
        : noneRecorded(ids, index, { code, message });
    }
    // The whole document is one transaction: whatever became of it, became of every event.
    const failure = { code: `LEDGER_${error.kind.toUpperCase()}`, message: error.message };
    return ids.map((eventID) =>
      error.kind === 'outcome_unknown'
        ? { eventID, status: 'not_confirmed', error: failure }
        : { eventID, status: 'refused', error: failure },
    );
  }
}

/**
 * Captures an EPCIS document (or query document): bounds its lists (cheap, first), checks it
 * against GS1's schema (off the event loop), then records its events. `rollback` (the binding's
 * default) records them all in one ledger transaction or none; `proceed` records them one at a
 * time, each whole or refused whole. A document of one event is one transaction either way.
 *
 * @throws ApiError 400 `LIMIT_EXCEEDED`, `EPCIS_SCHEMA_INVALID` or `VALIDATION_FAILED` before
 * anything is recorded
 */
export async function captureDocument(
  ledger: LedgerCaller,
  body: Record<string, unknown>,
  behaviour: CaptureErrorBehaviour,
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
  if (behaviour === 'rollback' && events.length > 1) {
    return captureWhole(ledger, events);
  }
  const results: CapturedEventResult[] = [];
  // One at a time, in the document's order: a later event may act on an earlier one's items.
  for (const event of events) {
    results.push(await captureEvent(ledger, event));
  }
  return results;
}
