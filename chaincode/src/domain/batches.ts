import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import { transactionTime } from '../ledger/transaction-time';
import type { TraceContext } from '../ledger/trace-context';
import type { Batch } from '../model/batch';
import type { Item } from './items';

export async function findBatch(
  ctx: TraceContext,
  gtin: string,
  lot: string,
): Promise<Batch | undefined> {
  return readRecord<Batch>(ctx, Keys.batch(ctx, gtin, lot));
}

export async function requireBatch(ctx: TraceContext, gtin: string, lot: string): Promise<Batch> {
  const batch = await findBatch(ctx, gtin, lot);
  if (batch === undefined) {
    throw new ChaincodeRefusal('BATCH_NOT_FOUND', `batch ${lot} of ${gtin} is not on the ledger`);
  }
  return batch;
}

/** A batch is expired once the transaction's date is after its expiry date. */
export function isExpired(ctx: TraceContext, batch: Batch): boolean {
  return transactionTime(ctx).date > batch.expiryDate;
}

/** The batches inside an item, as `gtin/lot`. */
export function batchesOf(item: Item): string[] {
  return item.docType === 'pack' ? [`${item.gtin}/${item.lot}`] : [...item.batches];
}

/**
 * Recalled or expired stock may only travel back up the chain, to a party that held it before:
 * refuses with BATCH_RECALLED or BATCH_EXPIRED unless the move is such a return.
 */
export async function checkBatchesMayMove(
  ctx: TraceContext,
  item: Item,
  isReturn: boolean,
): Promise<void> {
  for (const label of batchesOf(item)) {
    const [gtin = '', lot = ''] = label.split('/');
    const batch = await requireBatch(ctx, gtin, lot);
    if (batch.status === 'recalled' && !isReturn) {
      throw new ChaincodeRefusal(
        'BATCH_RECALLED',
        `batch ${lot} of ${gtin} is recalled; it may only be returned to a previous holder`,
      );
    }
    if (isExpired(ctx, batch) && !isReturn) {
      throw new ChaincodeRefusal(
        'BATCH_EXPIRED',
        `batch ${lot} of ${gtin} expired on ${batch.expiryDate}; it may only be returned to a previous holder`,
      );
    }
  }
}
