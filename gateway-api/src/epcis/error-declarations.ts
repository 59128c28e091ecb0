import { MAX_PAGE_SIZE, Tx, type ErrorDeclaration } from '@packtrace/chaincode/client';
import { LedgerFailure } from '@packtrace/ledger';
import type { LedgerCaller } from '../ledger/ledger-caller';
import type { CapturedEventResult } from './capture-jobs';
import { eventIdOf } from './capture-mapping';
import type { EpcisEvent } from './epcis-event-view';

/** The capture job's `step` of an event that declared an error on an earlier one. */
export const ERROR_DECLARATION_STEP = 'error_declaration';

/**
 * Adds to each event of a query's page the error its recorder declared on it (EPCIS 2.0
 * `errorDeclaration`), looked up with one ledger evaluate per 200 events (a page holds at most
 * that many). Changes the events in place.
 */
export async function attachErrorDeclarations(
  ledger: LedgerCaller,
  eventList: EpcisEvent[],
): Promise<void> {
  const ids = [
    ...new Set(
      eventList
        .map((event) => event['eventID'])
        .filter((id): id is string => typeof id === 'string'),
    ),
  ];
  for (let start = 0; start < ids.length; start += MAX_PAGE_SIZE) {
    const declared = await ledger.evaluate(
      Tx.GetEventErrorDeclarations,
      JSON.stringify(ids.slice(start, start + MAX_PAGE_SIZE)),
    );
    for (const event of eventList) {
      const declaration = declared[String(event['eventID'])];
      if (declaration !== undefined) {
        event['errorDeclaration'] = {
          declarationTime: declaration.declarationTime,
          ...(declaration.reason === undefined ? {} : { reason: declaration.reason }),
          correctiveEventIDs: [...declaration.correctiveEventIDs],
        };
      }
    }
  }
}

/** The `errorDeclaration` a captured event carries, as the ledger takes it. */
function declarationOf(value: unknown): ErrorDeclaration {
  const member = (value ?? {}) as Record<string, unknown>;
  const corrective = member['correctiveEventIDs'];
  return {
    declarationTime: String(member['declarationTime']),
    ...(typeof member['reason'] === 'string' ? { reason: member['reason'] } : {}),
    correctiveEventIDs: Array.isArray(corrective) ? corrective.map(String) : [],
  };
}

/**
 * Records the error a captured event declares on the event it repeats (EPCIS 2.0: the same
 * event, with the same `eventID`, plus `errorDeclaration`) through
 * `declarations:DeclareEventError`. An event without an `eventID` is known by the digest of its
 * content without the declaration, the id its first capture was given. The same declaration
 * again is `already_recorded`; any refusal (an event no one recorded, another party's event,
 * another declaration on it) is `refused` with the ledger's code.
 */
export async function captureErrorDeclaration(
  ledger: LedgerCaller,
  event: Record<string, unknown>,
): Promise<CapturedEventResult> {
  const { errorDeclaration, ...declared } = event;
  const eventID = eventIdOf(declared);
  const declaration = declarationOf(errorDeclaration);
  try {
    const answer = await ledger.submit(
      Tx.DeclareEventError,
      eventID,
      declaration.declarationTime,
      declaration.reason ?? '',
      JSON.stringify(declaration.correctiveEventIDs),
    );
    return { eventID, status: 'recorded', step: ERROR_DECLARATION_STEP, txId: answer.txId };
  } catch (error) {
    if (!(error instanceof LedgerFailure)) {
      throw error;
    }
    if (error.kind === 'refused' && error.body?.code === 'ERROR_ALREADY_DECLARED') {
      const txId = error.body.details?.['txId'];
      return { eventID, status: 'already_recorded', txId: typeof txId === 'string' ? txId : '' };
    }
    if (error.kind === 'refused' && error.body !== undefined) {
      return {
        eventID,
        status: 'refused',
        error: { code: error.body.code, message: error.body.message },
      };
    }
    return {
      eventID,
      status: error.kind === 'outcome_unknown' ? 'not_confirmed' : 'refused',
      error: { code: `LEDGER_${error.kind.toUpperCase()}`, message: error.message },
    };
  }
}
