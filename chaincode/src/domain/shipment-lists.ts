import { Keys } from '../ledger/keys';
import { pageOfKeys } from '../ledger/pagination';
import { deleteKey, readRecord, writeIndex } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { Shipment, ShipmentStatus } from '../model/shipment';

/** The two sides of a shipment: the sender sees it outgoing, the addressee incoming. */
function sides(shipment: Shipment): Array<{ gln: string; direction: 'in' | 'out' }> {
  return [
    { gln: shipment.from, direction: 'out' },
    { gln: shipment.to, direction: 'in' },
  ];
}

/**
 * Writes a new shipment's index entries: for its sender (outgoing) and its addressee
 * (incoming), one under the time it was shipped and one under its status, so that a listing
 * by direction, or by direction and status, reads only the shipments it returns.
 */
export async function indexNewShipment(ctx: TraceContext, shipment: Shipment): Promise<void> {
  for (const { gln, direction } of sides(shipment)) {
    await writeIndex(
      ctx,
      Keys.shipmentByTime(ctx, gln, direction, shipment.shippedAt, shipment.id),
    );
    await writeIndex(
      ctx,
      Keys.shipmentByStatus(ctx, gln, direction, shipment.status, shipment.shippedAt, shipment.id),
    );
  }
}

/**
 * Moves a shipment's status entries from its old status to its new one, in the transaction
 * that changes the status, so no listing ever sees it under both or neither.
 */
export async function moveShipmentStatus(
  ctx: TraceContext,
  shipment: Shipment,
  from: ShipmentStatus,
): Promise<void> {
  if (from === shipment.status) {
    return;
  }
  for (const { gln, direction } of sides(shipment)) {
    await deleteKey(
      ctx,
      Keys.shipmentByStatus(ctx, gln, direction, from, shipment.shippedAt, shipment.id),
    );
    await writeIndex(
      ctx,
      Keys.shipmentByStatus(ctx, gln, direction, shipment.status, shipment.shippedAt, shipment.id),
    );
  }
}

/**
 * One page of a party's shipments in one direction, optionally of one status, oldest shipped
 * first (ties by id). The filter is the index itself, so every page but the last is full, and
 * the bookmark is empty exactly when nothing follows.
 */
export async function pageOfShipments(
  ctx: TraceContext,
  gln: string,
  direction: 'in' | 'out',
  status: ShipmentStatus | undefined,
  pageSize: number,
  bookmark: string,
): Promise<{ items: Shipment[]; bookmark: string }> {
  const page =
    status === undefined
      ? await pageOfKeys(ctx, 'shipment-dated', [gln, direction], pageSize, bookmark)
      : await pageOfKeys(ctx, 'shipment-status', [gln, direction, status], pageSize, bookmark);
  const items: Shipment[] = [];
  for (const entry of page.entries) {
    const id = entry.attributes[entry.attributes.length - 1] ?? '';
    const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, id));
    if (shipment !== undefined) {
      items.push(shipment);
    }
  }
  return { items, bookmark: page.bookmark };
}

/**
 * Converts up to `limit` entries of the index older ledgers kept (`shipment-party`, by id only)
 * into the entries by time and status, deleting each converted entry. Each call converts what
 * is left, so it needs no cursor and can be repeated until it reports nothing remaining.
 */
export async function migrateLegacyShipmentIndex(
  ctx: TraceContext,
  limit: number,
): Promise<{ converted: number; remaining: boolean }> {
  let converted = 0;
  let remaining = false;
  const iterator = await ctx.stub.getStateByPartialCompositeKey('shipment-party', []);
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      if (converted === limit) {
        remaining = true;
        break;
      }
      const [gln = '', way = '', id = ''] = ctx.stub.splitCompositeKey(result.value.key).attributes;
      const direction = way === 'out' ? 'out' : 'in';
      const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, id));
      if (shipment !== undefined) {
        await writeIndex(ctx, Keys.shipmentByTime(ctx, gln, direction, shipment.shippedAt, id));
        await writeIndex(
          ctx,
          Keys.shipmentByStatus(ctx, gln, direction, shipment.status, shipment.shippedAt, id),
        );
      }
      await deleteKey(ctx, result.value.key);
      converted += 1;
    }
  } finally {
    await iterator.close();
  }
  return { converted, remaining };
}
