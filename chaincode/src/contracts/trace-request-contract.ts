import { validateGtin14, validateLot, validateSerial } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { findBatch, requireBatch } from '../domain/batches';
import { ancestorsOf, everyHolder, requirePack } from '../domain/items';
import { emitEvent } from '../domain/ledger-events';
import { requireProduct } from '../domain/products';
import { assembleTraceAnswer } from '../domain/trace-request-answer';
import { traceRequestDue } from '../domain/trace-request-deadline';
import { authorise, type Caller } from '../identity/caller';
import { gs1, requireOneOf, requireRecordId, requireText } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { pageOfKeys, parsePageSize, type Page } from '../ledger/pagination';
import { deleteKey, readRecord, writeIndex, writeRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import { transactionTime } from '../ledger/transaction-time';
import {
  DEFAULT_TRACE_LOT_PACKS,
  MAX_TRACE_LOT_PACKS,
  PARTNER_TRACE_REASONS,
  TRACE_REASONS,
  type ListedTraceRequest,
  type TraceRequest,
  type TraceSubject,
} from '../model/trace-request';
import { TraceContract } from './trace-contract';

/** The listing's filters: open requests, the open ones past due at `asOf`, answered ones. */
const LISTING_STATUSES = ['open', 'overdue', 'answered'] as const;

/** An instant as the listing's `asOf` takes it: ISO 8601 in UTC. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function requireInstant(value: string, name: string): string {
  const parsed = UTC_INSTANT.test(value) ? new Date(value) : undefined;
  if (parsed === undefined || Number.isNaN(parsed.getTime())) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `${name} must be an instant in UTC, e.g. 2026-12-07T09:00:00Z`,
    );
  }
  return parsed.toISOString();
}

async function requireTraceRequest(ctx: TraceContext, id: string): Promise<TraceRequest> {
  const request = await readRecord<TraceRequest>(
    ctx,
    Keys.traceRequest(ctx, requireRecordId(id, 'requestId')),
  );
  if (request === undefined) {
    throw new ChaincodeRefusal('TRACE_REQUEST_NOT_FOUND', `no trace request ${id} is recorded`);
  }
  return request;
}

/** The regulator, the requester and the addressee read a request and its answer; nobody else. */
function mayRead(caller: Caller, request: TraceRequest): boolean {
  return (
    caller.role === 'regulator' ||
    caller.gln === request.requestedBy ||
    caller.gln === request.addressee
  );
}

function requireReader(caller: Caller, request: TraceRequest): void {
  if (!mayRead(caller, request)) {
    throw new ChaincodeRefusal(
      'NOT_PERMITTED',
      'only the regulator, the requester and the addressee may read a trace request',
    );
  }
}

/**
 * Trace requests (DSCSA): the regulator, or a trading partner investigating suspect product it
 * handled, asks for a pack's or lot's transaction history; the product's manufacturer answers
 * within one business day (48 hours at most), and the answer's timing is recorded.
 */
export class TraceRequestContract extends TraceContract {
  constructor() {
    super('tracing');
  }

  /**
   * Records a request. The regulator may ask about any pack or lot for any reason; a trading
   * partner only about a pack it has held, for suspect or illegitimate product, and never about
   * its own product (it is the one who answers). docs/decisions.md (2026-12-07) gives the why.
   */
  @Transaction()
  @Returns('string')
  async RequestTrace(
    ctx: TraceContext,
    kind: string,
    gtin: string,
    item: string,
    reason: string,
    incident: string,
    test: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'RequestTrace');
    const subjectKind = requireOneOf(kind, ['pack', 'lot'] as const, 'kind');
    const validGtin = gs1(() => validateGtin14(gtin));
    const subject: TraceSubject =
      subjectKind === 'pack'
        ? { kind: 'pack', gtin: validGtin, serial: gs1(() => validateSerial(item)) }
        : { kind: 'lot', gtin: validGtin, lot: gs1(() => validateLot(item)) };
    const why = requireOneOf(reason, TRACE_REASONS, 'reason');
    const incidentNumber = requireText(incident, 'incident', 64);
    const isTest = requireOneOf(test, ['true', 'false'] as const, 'test') === 'true';
    const product = await requireProduct(ctx, validGtin);
    if (subject.kind === 'pack') {
      const pack = await requirePack(ctx, subject.gtin, subject.serial);
      if (
        caller.role !== 'regulator' &&
        !everyHolder(pack, await ancestorsOf(ctx, pack)).has(caller.gln)
      ) {
        throw new ChaincodeRefusal(
          'NOT_PERMITTED',
          'a trading partner may ask for the history of a pack it has held, not of another',
        );
      }
    } else {
      await requireBatch(ctx, subject.gtin, subject.lot);
      if (caller.role !== 'regulator') {
        throw new ChaincodeRefusal(
          'NOT_PERMITTED',
          "only the regulator may ask for a whole lot's history; a partner asks about the packs it held",
        );
      }
    }
    if (caller.role !== 'regulator') {
      if (!PARTNER_TRACE_REASONS.includes(why)) {
        throw new ChaincodeRefusal(
          'NOT_PERMITTED',
          `a trading partner asks only while investigating ${PARTNER_TRACE_REASONS.join(' or ')} product; ${why} requests are the regulator's`,
        );
      }
      if (caller.gln === product.manufacturer) {
        throw new ChaincodeRefusal(
          'NOT_PERMITTED',
          "the product's manufacturer answers trace requests about it; it does not ask them",
        );
      }
    }
    const now = transactionTime(ctx);
    const due = traceRequestDue(new Date(now.millis));
    const request: TraceRequest = {
      docType: 'trace-request',
      id: ctx.stub.getTxID(),
      subject,
      reason: why,
      incident: incidentNumber,
      test: isTest,
      requestedBy: caller.gln,
      requesterRole: caller.role,
      addressee: product.manufacturer,
      requestedAt: now.iso,
      dueAt: due.dueAt.toISOString(),
      dueRule: due.rule,
      status: 'open',
      answer: null,
    };
    await writeRecord(ctx, Keys.traceRequest(ctx, request.id), request);
    await writeIndex(ctx, Keys.traceRequestByStatus(ctx, 'open', request.dueAt, request.id));
    await writeIndex(ctx, Keys.traceRequestByParty(ctx, request.requestedBy, request.id));
    if (request.addressee !== request.requestedBy) {
      await writeIndex(ctx, Keys.traceRequestByParty(ctx, request.addressee, request.id));
    }
    // The addressee learns of the request as it is recorded (its clock runs from now); the
    // event names the request, never the history it will answer with.
    emitEvent(ctx, {
      type: 'TraceRequested',
      by: caller.gln,
      parties: [...new Set([request.requestedBy, request.addressee])],
      epcis: [],
      subject: { traceRequest: request.id, dueAt: request.dueAt },
    });
    return this.result(request);
  }

  /**
   * The addressee answers: the ledger records who answered, when, and whether by the due time.
   * The answer itself is the custody history up to that moment (GetTraceAnswer).
   */
  @Transaction()
  @Returns('string')
  async AnswerTraceRequest(ctx: TraceContext, requestId: string): Promise<string> {
    const caller = await authorise(ctx, 'AnswerTraceRequest');
    const request = await requireTraceRequest(ctx, requestId);
    if (caller.gln !== request.addressee) {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        "only the request's addressee, the product's manufacturer, may answer it",
      );
    }
    if (request.answer !== null) {
      throw new ChaincodeRefusal(
        'TRACE_REQUEST_ANSWERED',
        `trace request ${request.id} was answered at ${request.answer.answeredAt}`,
      );
    }
    const now = transactionTime(ctx);
    const answer = {
      answeredAt: now.iso,
      answeredBy: caller.gln,
      onTime: now.iso <= request.dueAt,
      txId: ctx.stub.getTxID(),
    };
    const answered: TraceRequest = { ...request, status: 'answered', answer };
    await writeRecord(ctx, Keys.traceRequest(ctx, request.id), answered);
    await deleteKey(ctx, Keys.traceRequestByStatus(ctx, 'open', request.dueAt, request.id));
    await writeIndex(ctx, Keys.traceRequestByStatus(ctx, 'answered', request.dueAt, request.id));
    emitEvent(ctx, {
      type: 'TraceRequestAnswered',
      by: caller.gln,
      parties: [...new Set([request.requestedBy, request.addressee])],
      epcis: [],
      subject: { traceRequest: request.id, onTime: String(answer.onTime) },
    });
    return this.result(answered);
  }

  /** One request (the regulator, the requester or the addressee). */
  @Transaction(false)
  @Returns('string')
  async GetTraceRequest(ctx: TraceContext, requestId: string): Promise<string> {
    const caller = await authorise(ctx, 'GetTraceRequest');
    const request = await requireTraceRequest(ctx, requestId);
    requireReader(caller, request);
    return this.result(request);
  }

  /**
   * The answer to an answered request, assembled from custody history as it stood when answered:
   * everything for the regulator, the custody transactions and their parties for anyone else.
   */
  @Transaction(false)
  @Returns('string')
  async GetTraceAnswer(
    ctx: TraceContext,
    requestId: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'GetTraceAnswer');
    const request = await requireTraceRequest(ctx, requestId);
    requireReader(caller, request);
    const size = pageSize === '' ? DEFAULT_TRACE_LOT_PACKS : parsePageSize(pageSize);
    if (request.subject.kind === 'pack' && bookmark !== '') {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        "a pack's answer is one page; a bookmark belongs to a lot's answer",
      );
    }
    if (request.answer === null) {
      throw new ChaincodeRefusal(
        'TRACE_REQUEST_OPEN',
        `trace request ${request.id} has not been answered yet (due ${request.dueAt})`,
      );
    }
    const batch =
      request.subject.kind === 'lot'
        ? await findBatch(ctx, request.subject.gtin, request.subject.lot)
        : undefined;
    return this.result(
      await assembleTraceAnswer(
        ctx,
        request,
        request.answer.answeredAt,
        caller.role === 'regulator',
        batch,
        { pageSize: Math.min(size, MAX_TRACE_LOT_PACKS), bookmark },
      ),
    );
  }

  /**
   * Requests by status, soonest due first for the regulator (every request); anyone else sees the
   * requests it made or must answer. Overdue is computed at `asOf`, never from a clock.
   */
  @Transaction(false)
  @Returns('string')
  async ListTraceRequests(
    ctx: TraceContext,
    status: string,
    asOf: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ListTraceRequests');
    const filter = requireOneOf(status, LISTING_STATUSES, 'status');
    const at = requireInstant(asOf, 'asOf');
    const size = parsePageSize(pageSize);
    const isOverdue = (request: TraceRequest) => request.status === 'open' && request.dueAt < at;
    const keep = (request: TraceRequest) =>
      filter === 'overdue' ? isOverdue(request) : request.status === filter;
    const page =
      caller.role === 'regulator'
        ? await pageOfKeys(
            ctx,
            'trace-request-status',
            [filter === 'answered' ? 'answered' : 'open'],
            size,
            bookmark,
          )
        : await pageOfKeys(ctx, 'trace-request-party', [caller.gln], size, bookmark);
    const items: ListedTraceRequest[] = [];
    for (const entry of page.entries) {
      const id = entry.attributes[entry.attributes.length - 1] ?? '';
      const request = await readRecord<TraceRequest>(ctx, Keys.traceRequest(ctx, id));
      if (request !== undefined && keep(request)) {
        items.push({ ...request, overdue: isOverdue(request) });
      }
    }
    return this.result({
      items,
      bookmark: page.bookmark,
      count: items.length,
    } satisfies Page<ListedTraceRequest>);
  }
}
