import { expiryToIsoDate, validateGtin14, validateLot, validateSerial } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { findBatch, isExpired, requireBatch } from '../domain/batches';
import { batchClassUri, packUri, partyUri } from '../domain/epcis-identifiers';
import { batchSerialsPage } from '../domain/batch-serials';
import { commissionCompactly } from '../domain/compact-packs';
import { partiesWithStockOf } from '../domain/recalled-stock';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { requireProduct } from '../domain/products';
import { authorise } from '../identity/caller';
import { gs1, parseJsonArgument, requireText } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { parsePageSize, type Page } from '../ledger/pagination';
import { writeRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import type { Batch } from '../model/batch';
import { MAX_SERIALS_PER_CALL } from '../model/limits';
import type { CommissionResult } from '../model/transaction-results';
import { TraceContract } from './trace-contract';

/**
 * Most packs a PacksCommissioned event names one by one; a call creating more names the batch
 * class and `subject.count` (each pack's EPCIS history comes from its provenance either way).
 */
const MAX_EVENT_EPCS = 1000;

/** Batches and the serialised packs commissioned under them. */
export class BatchContract extends TraceContract {
  constructor() {
    super('batches');
  }

  /**
   * Commissions packs of a batch, creating the batch on its first call. Idempotent: serials
   * already commissioned under this batch are skipped, and a call that adds nothing writes
   * nothing. A serial already used under another batch refuses the whole call (EU hub A68).
   */
  @Transaction()
  @Returns('string')
  async CommissionPacks(
    ctx: TraceContext,
    gtin: string,
    lot: string,
    expiry: string,
    serials: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'CommissionPacks');
    const batchGtin = gs1(() => validateGtin14(gtin));
    const batchLot = gs1(() => validateLot(lot));
    const expiryDate = gs1(() => expiryToIsoDate(expiry));
    const serialList = parseSerials(serials);
    const product = await requireProduct(ctx, batchGtin);
    if (product.manufacturer !== caller.gln) {
      throw new ChaincodeRefusal(
        'NOT_PRODUCT_OWNER',
        `product ${batchGtin} belongs to another manufacturer`,
      );
    }
    const entry = historyEntry(ctx, caller.gln, {
      action: 'commissioned',
      bizStep: 'commissioning',
      disposition: 'active',
    });
    let batch = await findBatch(ctx, batchGtin, batchLot);
    const isNewBatch = batch === undefined;
    if (batch === undefined) {
      batch = {
        docType: 'batch',
        gtin: batchGtin,
        lot: batchLot,
        expiry,
        expiryDate,
        manufacturer: caller.gln,
        commissionedAt: entry.at,
        status: 'active',
        recall: null,
      };
      if (isExpired(ctx, batch)) {
        throw new ChaincodeRefusal('BATCH_EXPIRED', `expiry ${expiryDate} is already past`);
      }
    } else if (batch.expiry !== expiry) {
      throw new ChaincodeRefusal(
        'EXPIRY_MISMATCH',
        `batch ${batchLot} is recorded with expiry ${batch.expiry}, not ${expiry}`,
        {
          recorded: batch.expiry,
        },
      );
    } else if (batch.status === 'recalled') {
      throw new ChaincodeRefusal(
        'BATCH_RECALLED',
        `batch ${batchLot} is recalled; no packs may be added`,
      );
    }

    if (isNewBatch) {
      await writeRecord(ctx, Keys.batch(ctx, batchGtin, batchLot), batch);
    }
    const created = await commissionCompactly(
      ctx,
      batchGtin,
      batchLot,
      caller.gln,
      entry,
      serialList,
    );
    if (created.length > 0 || isNewBatch) {
      emitEvent(ctx, {
        type: 'PacksCommissioned',
        by: caller.gln,
        parties: [caller.gln],
        epcis: [
          {
            eventType: 'ObjectEvent',
            action: 'ADD',
            bizStep: 'commissioning',
            disposition: 'active',
            // A large call names the batch and the count instead: EPCs would triple its block.
            ...(created.length <= MAX_EVENT_EPCS
              ? { epcList: created.map((serial) => packUri(batchGtin, serial)) }
              : { quantityList: [{ epcClass: batchClassUri(batchGtin, batchLot) }] }),
            readPoint: partyUri(caller.gln),
            bizLocation: partyUri(caller.gln),
          },
        ],
        subject: { gtin: batchGtin, lot: batchLot, count: String(created.length) },
      });
    }
    return this.result({
      batch,
      created: created.length,
      alreadyPresent: serialList.length - created.length,
    } satisfies CommissionResult);
  }

  @Transaction(false)
  @Returns('string')
  async GetBatch(ctx: TraceContext, gtin: string, lot: string): Promise<string> {
    await authorise(ctx, 'GetBatch');
    return this.result(
      await requireBatch(
        ctx,
        gs1(() => validateGtin14(gtin)),
        gs1(() => validateLot(lot)),
      ),
    );
  }

  /** The serials of a batch, a page at a time (its manufacturer and the regulator). */
  @Transaction(false)
  @Returns('string')
  async ListBatchPacks(
    ctx: TraceContext,
    gtin: string,
    lot: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ListBatchPacks');
    const batch = await requireBatch(
      ctx,
      gs1(() => validateGtin14(gtin)),
      gs1(() => validateLot(lot)),
    );
    if (caller.role !== 'regulator' && batch.manufacturer !== caller.gln) {
      throw new ChaincodeRefusal(
        'NOT_PRODUCT_OWNER',
        'only the batch owner or the regulator may list its packs',
      );
    }
    const page = await batchSerialsPage(ctx, batch, parsePageSize(pageSize), bookmark);
    return this.result({
      items: page.serials,
      bookmark: page.bookmark,
      count: page.serials.length,
    } satisfies Page<string>);
  }

  /**
   * Recalls a batch: its packs fail verification at once and may only travel back up the
   * chain. Only the owning manufacturer or a regulator may recall. The recall reaches every
   * party holding packs of the batch or with packs travelling to it (the event's audience),
   * and the record names them (`recall.notified`).
   */
  @Transaction()
  @Returns('string')
  async RecallBatch(ctx: TraceContext, gtin: string, lot: string, reason: string): Promise<string> {
    const caller = await authorise(ctx, 'RecallBatch');
    const batch = await requireBatch(
      ctx,
      gs1(() => validateGtin14(gtin)),
      gs1(() => validateLot(lot)),
    );
    const why = requireText(reason, 'reason', 1000);
    if (caller.role !== 'regulator' && batch.manufacturer !== caller.gln) {
      throw new ChaincodeRefusal(
        'NOT_PRODUCT_OWNER',
        'only the batch owner or the regulator may recall it',
      );
    }
    if (batch.status === 'recalled') {
      throw new ChaincodeRefusal('ALREADY_RECALLED', `batch ${batch.lot} was already recalled`);
    }
    const entry = historyEntry(ctx, caller.gln, {
      action: 'recalled',
      bizStep: 'holding',
      disposition: 'recalled',
      note: why,
    });
    // One event per transaction: its audience is everyone whose stock the recall concerns.
    const notified = [
      ...new Set([caller.gln, batch.manufacturer, ...(await partiesWithStockOf(ctx, batch))]),
    ];
    const recalled: Batch = {
      ...batch,
      status: 'recalled',
      recall: {
        by: caller.gln,
        role: caller.role,
        at: entry.at,
        reason: why,
        txId: entry.txId,
        notified,
      },
    };
    await writeRecord(ctx, Keys.batch(ctx, batch.gtin, batch.lot), recalled);
    emitEvent(ctx, {
      type: 'BatchRecalled',
      by: caller.gln,
      parties: notified,
      epcis: [
        {
          eventType: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'holding',
          disposition: 'recalled',
          quantityList: [{ epcClass: batchClassUri(batch.gtin, batch.lot) }],
          readPoint: partyUri(caller.gln),
        },
      ],
      subject: { gtin: batch.gtin, lot: batch.lot },
    });
    return this.result(recalled);
  }
}

function parseSerials(text: string): string[] {
  // Each serial is at most 20 characters, each at most 2 bytes in JSON (CSET 82 has '"', which
  // JSON escapes), quoted and separated: 43 bytes, and the brackets.
  const value = parseJsonArgument(text, 'serials', MAX_SERIALS_PER_CALL * 43 + 2);
  if (!Array.isArray(value) || value.length === 0) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      'serials must be a non-empty JSON array of strings',
    );
  }
  if (value.length > MAX_SERIALS_PER_CALL) {
    throw new ChaincodeRefusal(
      'LIMIT_EXCEEDED',
      `at most ${MAX_SERIALS_PER_CALL} serials per call, got ${value.length}`,
    );
  }
  const seen = new Set<string>();
  return value.map((serial: unknown, index) => {
    if (typeof serial !== 'string') {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', `serials[${index}] must be a string`);
    }
    gs1(() => validateSerial(serial));
    if (seen.has(serial)) {
      throw new ChaincodeRefusal('DUPLICATE_ITEM', `serial ${serial} appears twice`);
    }
    seen.add(serial);
    return serial;
  });
}
