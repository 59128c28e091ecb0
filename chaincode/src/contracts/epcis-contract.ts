import { validateSscc } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import {
  CaptureArguments,
  MAX_EVENT_ID,
  asAggregationReceipt,
  captureContentDigest,
  checkWholeUnpack,
  eventIdDigest,
  mergeEvents,
  observedContainer,
  refuseRecapture,
  requireEventTime,
  requireEventTimeNear,
  shipmentOfItems,
} from '../domain/epcis-capture';
import {
  DocumentEvents,
  WHOLE_DOCUMENT_MAX_BYTES,
  documentRefusal,
  parseDocumentEvents,
} from '../domain/document-capture';
import { recordObservation } from '../domain/epcis-observation';
import { parseItemRefs } from '../domain/item-arguments';
import { requireContainer } from '../domain/items';
import { receiveItems } from '../domain/shipment-receipts';
import { authorise } from '../identity/caller';
import { gs1, parseJsonArgument, requireOneOf, requireText } from '../ledger/arguments';
import { Keys } from '../ledger/keys';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { keepEarlierVersions } from '../ledger/same-transaction-versions';
import { readRecord, writeRecord } from '../ledger/state';
import { transactionTime } from '../ledger/transaction-time';
import { TraceContext } from '../ledger/trace-context';
import { CAPTURE_STEPS, type CaptureStep, type CapturedEvent } from '../model/epcis-capture';
import type { DocumentCaptureResult, DocumentEventOutcome } from '../model/document-capture';
import type { LedgerEvent } from '../model/ledger-event';
import { MAX_CHILDREN, MAX_SHIPMENT_ITEMS } from '../model/limits';
import { AggregationContract } from './aggregation-contract';
import { BatchContract } from './batch-contract';
import { CustodyContract } from './custody-contract';
import { DispensingContract } from './dispensing-contract';
import { TraceContract } from './trace-contract';

/**
 * EPCIS 2.0 capture: events sent by a trading partner's own system, each recorded as the
 * transaction the platform's own routes use for its business step, together with a record of
 * the event's id and a digest of its content, in one transaction. So an event is recorded whole
 * or refused whole, a second capture of it is refused and changes nothing, another event under
 * its id is refused, and every rule of the mapped transaction (owning the product, holding the
 * items, the trading partner) applies unchanged.
 */
export class EpcisContract extends TraceContract {
  constructor() {
    super('epcis');
  }

  /**
   * Records one captured EPCIS event. `step` names the business step, `args` the mapped
   * transaction's arguments as a JSON object (the gateway maps the EPCIS event to them), and
   * `eventId`/`eventTime` are the event's own. The event time must lie within
   * `EVENT_TIME_MAX_BEHIND_DAYS` before and `EVENT_TIME_MAX_AHEAD_MINUTES` after the
   * transaction's time (`EVENT_TIME_OUT_OF_RANGE`).
   */
  @Transaction()
  @Returns('string')
  async CaptureEvent(
    ctx: TraceContext,
    eventId: string,
    eventTime: string,
    step: string,
    args: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'CaptureEvent');
    const { record, result } = await this.capture(
      ctx,
      caller.gln,
      eventId,
      eventTime,
      step,
      parseJsonArgument(args, 'args'),
    );
    if (ctx.pendingEvent !== undefined) {
      ctx.pendingEvent = {
        ...ctx.pendingEvent,
        captured: { eventId: record.eventId, eventTime: record.eventTime },
      };
    }
    return this.result({ capture: record, result: JSON.parse(result) as unknown });
  }

  /**
   * Records a whole EPCIS document in this one transaction: `events` is a JSON array of the
   * document's events in its order, each `{ eventId, eventTime, step, args }` as
   * {@link CaptureEvent} takes them, and each applied exactly as it applies one, against what
   * the earlier ones wrote. An event captured before with the same content is
   * `already_recorded` and changes nothing; any refusal refuses the whole document with the
   * ledger's own code, naming the event (`details.event`: its index and id), and nothing is
   * recorded. Bounds: `parseDocumentEvents`.
   */
  @Transaction()
  @Returns('string')
  async CaptureDocument(ctx: TraceContext, events: string): Promise<string> {
    const caller = await authorise(ctx, 'CaptureDocument');
    // A record several events change keeps each one's entry: provenance tells them all.
    keepEarlierVersions(ctx);
    const parsed = parseDocumentEvents(
      parseJsonArgument(events, 'events', WHOLE_DOCUMENT_MAX_BYTES),
    );
    const emitted = new DocumentEvents();
    const outcomes: DocumentEventOutcome[] = [];
    for (const [index, event] of parsed.entries()) {
      emitted.begin(ctx);
      try {
        const { record } = await this.capture(
          ctx,
          caller.gln,
          event.eventId,
          event.eventTime,
          event.step,
          event.args,
        );
        emitted.take(ctx, record.eventId, record.eventTime);
        outcomes.push({
          index,
          eventId: record.eventId,
          step: record.step,
          status: 'recorded',
          txId: record.txId,
        });
      } catch (error) {
        if (!(error instanceof ChaincodeRefusal)) {
          throw error;
        }
        // Refused before it wrote anything: the same event posted again, nothing to do.
        const txId = error.body.details?.['txId'];
        if (error.code === 'EVENT_ALREADY_CAPTURED' && typeof txId === 'string') {
          outcomes.push({
            index,
            eventId: event.eventId,
            step: requireOneOf(event.step, CAPTURE_STEPS, 'step'),
            status: 'already_recorded',
            txId,
          });
          continue;
        }
        throw documentRefusal(error, index, event.eventId);
      }
    }
    ctx.capturedEventId = undefined;
    ctx.pendingEvent = emitted.merged();
    const result: DocumentCaptureResult = { txId: ctx.stub.getTxID(), events: outcomes };
    return this.result(result);
  }

  /**
   * Records one captured event in the running transaction: the checks of its id, time and
   * content, the step's transaction, and the capture record. Leaves the step's ledger event in
   * `ctx.pendingEvent` and the event's id in `ctx.capturedEventId`.
   */
  private async capture(
    ctx: TraceContext,
    gln: string,
    eventId: string,
    eventTime: string,
    step: string,
    parsed: unknown,
  ): Promise<{ record: CapturedEvent; result: string }> {
    const id = requireText(eventId, 'eventId', MAX_EVENT_ID);
    const time = requireEventTime(eventTime);
    const captureStep = requireOneOf(step, CAPTURE_STEPS, 'step');
    const fields = CaptureArguments.of(parsed);
    const contentDigest = captureContentDigest(time, captureStep, parsed);
    const key = Keys.capturedEvent(ctx, gln, eventIdDigest(id));
    const earlier = await readRecord<CapturedEvent>(ctx, key);
    if (earlier !== undefined) {
      // Before the time window: an event recorded long ago and posted again is still the same.
      refuseRecapture(earlier, time, captureStep, contentDigest);
    }
    const now = transactionTime(ctx);
    requireEventTimeNear(time, now.millis);
    ctx.capturedEventId = id;
    const result = await this.apply(ctx, gln, captureStep, fields);
    const record: CapturedEvent = {
      docType: 'epcis-capture',
      eventId: id,
      step: captureStep,
      by: gln,
      eventTime: time,
      contentDigest,
      txId: ctx.stub.getTxID(),
      at: now.iso,
    };
    await writeRecord(ctx, key, record);
    return { record, result };
  }

  /** Runs the step's transaction in this transaction; its refusal refuses the capture. */
  private async apply(
    ctx: TraceContext,
    gln: string,
    step: CaptureStep,
    args: CaptureArguments,
  ): Promise<string> {
    switch (step) {
      case 'commissioning':
        return new BatchContract().CommissionPacks(
          ctx,
          args.text('gtin'),
          args.text('lot'),
          args.text('expiry'),
          args.json('serials'),
        );
      case 'packing':
        return new AggregationContract().Aggregate(
          ctx,
          args.text('sscc'),
          args.text('kind'),
          args.json('children'),
        );
      case 'unpacking': {
        const sscc = gs1(() => validateSscc(args.text('sscc')));
        const container = await requireContainer(ctx, sscc);
        const listed = args.has('children')
          ? parseItemRefs(args.json('children'), 'children', MAX_CHILDREN, true)
          : [];
        checkWholeUnpack(sscc, container.children, listed);
        return new AggregationContract().Unpack(ctx, sscc);
      }
      case 'shipping':
        return new CustodyContract().Ship(ctx, args.text('to'), args.json('items'));
      case 'receiving': {
        // EPCIS receiving is per item: just what the event names, the shipment stays open.
        const refs = parseItemRefs(args.json('items'), 'items', MAX_SHIPMENT_ITEMS);
        const observed = args.has('children')
          ? await observedContainer(
              ctx,
              refs,
              parseItemRefs(args.json('children'), 'children', MAX_CHILDREN, true),
            )
          : undefined;
        const shipment = await receiveItems(ctx, gln, await shipmentOfItems(ctx, refs), refs);
        if (observed !== undefined) {
          ctx.pendingEvent = asAggregationReceipt(ctx.pendingEvent, observed);
        }
        return this.result(shipment);
      }
      case 'observation':
        return this.result(
          await recordObservation(ctx, gln, args.value('event'), args.json('items')),
        );
      case 'dispensing':
      case 'decommissioning':
        return this.decommission(ctx, step, args);
    }
  }

  /** Takes each pack out of circulation in turn; one event carries them all. */
  private async decommission(
    ctx: TraceContext,
    step: 'dispensing' | 'decommissioning',
    args: CaptureArguments,
  ): Promise<string> {
    const packs = parseItemRefs(args.json('packs'), 'packs', MAX_CHILDREN);
    const contract = new DispensingContract();
    const events: LedgerEvent[] = [];
    const results: unknown[] = [];
    for (const ref of packs) {
      if (ref.type !== 'pack') {
        throw new ChaincodeRefusal(
          'INVALID_ARGUMENT',
          `${step} takes packs out of circulation, not containers`,
        );
      }
      const done =
        step === 'dispensing'
          ? await contract.Dispense(ctx, ref.gtin, ref.serial)
          : await contract.Decommission(ctx, ref.gtin, ref.serial, args.text('reason'), '');
      results.push(JSON.parse(done) as unknown);
      if (ctx.pendingEvent !== undefined) {
        events.push(ctx.pendingEvent);
      }
    }
    ctx.pendingEvent = mergeEvents(events);
    return JSON.stringify(results.length === 1 ? results[0] : results);
  }
}
