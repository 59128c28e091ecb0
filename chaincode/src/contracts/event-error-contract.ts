import { Returns, Transaction } from 'fabric-contract-api';
import { MAX_EVENT_ID, requireEventTime } from '../domain/epcis-capture';
import {
  CBV_ERROR_REASONS,
  declareEventError,
  errorDeclarationsOf,
} from '../domain/error-declarations';
import { authorise } from '../identity/caller';
import { optionalText, parseJsonArgument, requireText } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { TraceContext } from '../ledger/trace-context';
import { MAX_PAGE_SIZE } from '../ledger/pagination';
import { TraceContract } from './trace-contract';

/** Most corrective events one declaration names. */
const MAX_CORRECTIVE_EVENTS = 100;

/** Most event ids one look-up of declarations takes: a page of the EPCIS query. */
const MAX_LOOKUP_IDS = MAX_PAGE_SIZE;

/** A CBV error reason, bare or as its URI, or a URI of the declarer's own (`''`: none). */
function requireReason(value: string): string | undefined {
  const reason = optionalText(value, 'reason', MAX_EVENT_ID);
  if (reason === '') {
    return undefined;
  }
  const bare = (CBV_ERROR_REASONS as readonly string[]).includes(reason);
  if (!bare && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(reason)) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `reason must be a CBV error reason (${CBV_ERROR_REASONS.join(', ')}) or a URI`,
    );
  }
  return reason;
}

function requireEventIds(value: string, name: string, max: number): string[] {
  const parsed = parseJsonArgument(value, name);
  if (!Array.isArray(parsed) || parsed.length > max) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `${name} must be a JSON array of at most ${max} event ids`,
    );
  }
  return parsed.map((id, i) =>
    requireText(typeof id === 'string' ? id : '', `${name}[${i}]`, MAX_EVENT_ID),
  );
}

/**
 * EPCIS 2.0 error declarations: the party that recorded an event declares it in error, and
 * queries return the event with its declaration.
 */
export class EventErrorContract extends TraceContract {
  constructor() {
    super('declarations');
  }

  /**
   * Declares the event `eventId`, which the caller's party recorded, in error, as EPCIS 2.0's
   * `errorDeclaration` does: `declarationTime` (ISO 8601 with a zone), `reason` (a CBV error
   * reason or a URI; `''` for none) and `correctiveEventIDs` (a JSON array of event ids).
   */
  @Transaction()
  @Returns('string')
  async DeclareEventError(
    ctx: TraceContext,
    eventId: string,
    declarationTime: string,
    reason: string,
    correctiveEventIDs: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'DeclareEventError');
    const id = requireText(eventId, 'eventId', MAX_EVENT_ID);
    const time = requireEventTime(declarationTime);
    const why = requireReason(reason);
    const corrective = requireEventIds(
      correctiveEventIDs,
      'correctiveEventIDs',
      MAX_CORRECTIVE_EVENTS,
    );
    const declaration = await declareEventError(ctx, caller.gln, id, {
      declarationTime: time,
      ...(why === undefined ? {} : { reason: why }),
      correctiveEventIDs: corrective,
    });
    return this.result(declaration);
  }

  /** The errors declared on these events (a JSON array of ids), by event id. */
  @Transaction(false)
  @Returns('string')
  async GetEventErrorDeclarations(ctx: TraceContext, eventIds: string): Promise<string> {
    await authorise(ctx, 'GetEventErrorDeclarations');
    const ids = requireEventIds(eventIds, 'eventIds', MAX_LOOKUP_IDS);
    return this.result(await errorDeclarationsOf(ctx, ids));
  }
}
