import { validateGln } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { checkBatchesMayMove } from '../domain/batches';
import { inventoryPage } from '../domain/compact-holdings';
import { checkHandledByCustodian, sortReceiptExtras } from '../domain/custody-checks';
import { itemUri, partyUri } from '../domain/epcis-identifiers';
import { parseItemRefs } from '../domain/item-arguments';
import {
  addHolding,
  refOf,
  refKey,
  removeHolding,
  requireItem,
  saveItem,
  type Item,
} from '../domain/items';
import { declareCorrection, eventIdOfTransaction } from '../domain/error-declarations';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { requireTradingPartner } from '../domain/parties';
import { recalledStockOf } from '../domain/recalled-stock';
import {
  closeShipment,
  deliverItems,
  receivedSoFar,
  requireOpen,
  requireRecipient,
  requireShipment,
} from '../domain/shipment-receipts';
import {
  indexNewShipment,
  migrateLegacyShipmentIndex,
  moveShipmentStatus,
  pageOfShipments,
} from '../domain/shipment-lists';
import { authorise } from '../identity/caller';
import { gs1, optionalText, requireOneOf, requireRecordId } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { parseMigrationLimit, parsePageSize } from '../ledger/pagination';
import { readRecord, writeRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import { SHIPMENT_STATUSES, type Shipment } from '../model/shipment';
import { MAX_SHIPMENT_ITEMS } from '../model/limits';
import { TraceContract } from './trace-contract';

/** Custody transfers: shipping, receiving (with discrepancies), returns, inventory. */
export class CustodyContract extends TraceContract {
  constructor() {
    super('custody');
  }

  /**
   * Ships items the caller holds to an authorised trading partner. Custody stays with the sender
   * until the receiver confirms. Recalled or expired stock may only go back to a previous holder.
   */
  @Transaction()
  @Returns('string')
  async Ship(ctx: TraceContext, to: string, items: string): Promise<string> {
    const caller = await authorise(ctx, 'Ship');
    const destination = gs1(() => validateGln(to));
    const refs = parseItemRefs(items, 'items', MAX_SHIPMENT_ITEMS);
    await requireTradingPartner(ctx, destination, caller.gln);
    const loaded: Item[] = [];
    for (const ref of refs) {
      const item = await requireItem(ctx, ref);
      checkHandledByCustodian(item, caller.gln);
      loaded.push(item);
    }
    const isReturn = loaded.every((item) => item.holders.includes(destination));
    for (const item of loaded) {
      await checkBatchesMayMove(ctx, item, isReturn);
    }
    const id = ctx.stub.getTxID();
    const entry = historyEntry(ctx, caller.gln, {
      action: isReturn ? 'returned' : 'shipped',
      bizStep: 'shipping',
      disposition: 'in_transit',
      from: caller.gln,
      to: destination,
      shipment: id,
    });
    for (const item of loaded) {
      await saveItem(ctx, { ...item, shipment: id, lastEvent: entry });
      await removeHolding(ctx, caller.gln, refOf(item));
    }
    const shipment: Shipment = {
      docType: 'shipment',
      id,
      from: caller.gln,
      to: destination,
      items: refs,
      isReturn,
      status: 'in_transit',
      shippedAt: entry.at,
      receivedAt: null,
      missing: [],
      extra: [],
      alertId: null,
      lastEvent: entry,
    };
    await writeRecord(ctx, Keys.shipment(ctx, id), shipment);
    await indexNewShipment(ctx, shipment);
    emitEvent(ctx, {
      type: 'ShipmentDispatched',
      by: caller.gln,
      parties: [caller.gln, destination],
      epcis: [
        {
          eventType: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'shipping',
          disposition: 'in_transit',
          epcList: refs.map(itemUri),
          readPoint: partyUri(caller.gln),
          sourceList: [{ type: 'owning_party', source: partyUri(caller.gln) }],
          destinationList: [{ type: 'owning_party', destination: partyUri(destination) }],
        },
      ],
      subject: { shipment: id },
    });
    return this.result(shipment);
  }

  /**
   * Confirms receipt of a shipment with what actually arrived, and closes it. Custody of the
   * items that arrived passes to the receiver. Items missing stay with the sender and are put
   * under investigation by one discrepancy alert about the shipment (its sender and receiver may
   * read it), which also names the items listed but not shipped. Of those it sets aside only the
   * receiver's own stock and what travelled inside the shipment's containers; another party's
   * stock is never changed by a receipt, and at most MAX_FOREIGN_ITEMS_PER_RECEIPT of it may be
   * listed. On a shipment received in part already, what was received before counts as arrived.
   */
  @Transaction()
  @Returns('string')
  async Receive(ctx: TraceContext, shipmentId: string, received: string): Promise<string> {
    const caller = await authorise(ctx, 'Receive');
    const id = requireRecordId(shipmentId, 'shipmentId');
    const arrived = parseItemRefs(received, 'received', MAX_SHIPMENT_ITEMS * 2, true);
    const shipment = await requireShipment(ctx, id);
    requireRecipient(shipment, caller.gln);
    requireOpen(shipment);
    const before = receivedSoFar(shipment);
    const shipped = new Set(shipment.items.map(refKey));
    const arrivedKeys = new Set(arrived.map(refKey));
    const open = shipment.items.filter((ref) => !before.has(refKey(ref)));
    const delivered = open.filter((ref) => arrivedKeys.has(refKey(ref)));
    const missing = open.filter((ref) => !arrivedKeys.has(refKey(ref)));
    const extra = arrived.filter((ref) => !shipped.has(refKey(ref)));
    // Sorted before anything is written: a refused receipt changes nothing.
    const extras = await sortReceiptExtras(ctx, extra, shipped, caller.gln);
    const entry = historyEntry(ctx, caller.gln, {
      action: 'received',
      bizStep: 'receiving',
      disposition: 'active',
      from: shipment.from,
      to: caller.gln,
      shipment: id,
    });
    await deliverItems(ctx, caller.gln, delivered, entry);
    const closed = await closeShipment(ctx, {
      shipment,
      by: caller.gln,
      entry,
      delivered,
      missing,
      extra,
      extras,
    });
    return this.result(closed);
  }

  /**
   * Closes a shipment received in part (or not at all) by EPCIS receiving events: what was not
   * received by now is missing, a discrepancy as on a receipt (MISSING_ITEMS alert, the items
   * back with the sender and set aside). Its receiver closes it, or the regulator; nothing
   * closes it by the passing of time (see docs/epcis.md).
   */
  @Transaction()
  @Returns('string')
  async CloseShipment(ctx: TraceContext, shipmentId: string, note: string): Promise<string> {
    const caller = await authorise(ctx, 'CloseShipment');
    const id = requireRecordId(shipmentId, 'shipmentId');
    const why = optionalText(note, 'note', 1000);
    const shipment = await requireShipment(ctx, id);
    if (caller.role !== 'regulator') {
      requireRecipient(shipment, caller.gln);
    }
    requireOpen(shipment);
    const before = receivedSoFar(shipment);
    const entry = historyEntry(ctx, caller.gln, {
      action: 'shipment_closed',
      bizStep: 'receiving',
      disposition: 'active',
      from: shipment.from,
      to: shipment.to,
      shipment: id,
      ...(why === '' ? {} : { note: why }),
    });
    const closed = await closeShipment(ctx, {
      shipment,
      by: caller.gln,
      entry,
      delivered: [],
      missing: shipment.items.filter((ref) => !before.has(refKey(ref))),
      extra: [],
      extras: { own: [], foreign: [] },
    });
    return this.result(closed);
  }

  /**
   * Calls back a shipment not yet received (sent to the wrong party, or never collected): only
   * its sender may, and the items return to the sender's stock as they were. Its receiver can
   * no longer receive it (SHIPMENT_CANCELLED). Each item's history records the cancellation.
   */
  @Transaction()
  @Returns('string')
  async CancelShipment(ctx: TraceContext, shipmentId: string, note: string): Promise<string> {
    const caller = await authorise(ctx, 'CancelShipment');
    const id = requireRecordId(shipmentId, 'shipmentId');
    const why = optionalText(note, 'note', 1000);
    const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, id));
    if (shipment === undefined) {
      throw new ChaincodeRefusal('SHIPMENT_NOT_FOUND', `shipment ${id} does not exist`);
    }
    if (shipment.from !== caller.gln) {
      throw new ChaincodeRefusal('NOT_PERMITTED', 'only the sender of a shipment may cancel it');
    }
    checkInTransit(shipment);
    const entry = historyEntry(ctx, caller.gln, {
      action: 'shipment_cancelled',
      bizStep: 'void_shipping',
      disposition: 'active',
      from: shipment.from,
      to: shipment.to,
      shipment: id,
      ...(why === '' ? {} : { note: why }),
    });
    const shipped = [shipment.lastEvent];
    for (const ref of shipment.items) {
      const item = await requireItem(ctx, ref);
      shipped.push(item.lastEvent);
      await saveItem(ctx, { ...item, shipment: null, lastEvent: entry });
      // A pack confirmed illegitimate while travelling has left stock for good.
      if (item.status !== 'illegitimate') {
        await addHolding(ctx, caller.gln, ref);
      }
    }
    // EPCIS: the shipping event was in error, and this cancellation corrects it.
    await declareCorrection(ctx, caller.gln, eventIdOfTransaction(id, shipped), 'incorrect_data');
    const cancelled: Shipment = { ...shipment, status: 'cancelled', lastEvent: entry };
    await writeRecord(ctx, Keys.shipment(ctx, id), cancelled);
    await moveShipmentStatus(ctx, cancelled, shipment.status);
    emitEvent(ctx, {
      type: 'ShipmentCancelled',
      by: caller.gln,
      parties: [caller.gln, shipment.to],
      epcis: [
        {
          eventType: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'void_shipping',
          disposition: 'active',
          epcList: shipment.items.map(itemUri),
          readPoint: partyUri(caller.gln),
          sourceList: [{ type: 'owning_party', source: partyUri(caller.gln) }],
          destinationList: [{ type: 'owning_party', destination: partyUri(shipment.to) }],
        },
      ],
      subject: { shipment: id },
    });
    return this.result(cancelled);
  }

  /** A shipment (its sender, its receiver, or the regulator). */
  @Transaction(false)
  @Returns('string')
  async GetShipment(ctx: TraceContext, shipmentId: string): Promise<string> {
    const caller = await authorise(ctx, 'GetShipment');
    const id = requireRecordId(shipmentId, 'shipmentId');
    const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, id));
    if (shipment === undefined) {
      throw new ChaincodeRefusal('SHIPMENT_NOT_FOUND', `shipment ${id} does not exist`);
    }
    if (caller.role !== 'regulator' && caller.gln !== shipment.from && caller.gln !== shipment.to) {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        'only the sender, the receiver or the regulator may read a shipment',
      );
    }
    return this.result(shipment);
  }

  /**
   * A party's incoming or outgoing shipments, oldest shipped first, a page at a time; with a
   * status, only those with it (read from an index by status, so the filter comes before
   * pagination). `gln` empty means the caller; only the regulator may name another party.
   * `count` is the number of shipments on this page.
   */
  @Transaction(false)
  @Returns('string')
  async ListShipments(
    ctx: TraceContext,
    gln: string,
    direction: string,
    status: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ListShipments');
    const party = gln === '' ? caller.gln : gs1(() => validateGln(gln));
    if (party !== caller.gln && caller.role !== 'regulator') {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        "only the regulator may list another party's shipments",
      );
    }
    const way = requireOneOf(direction, ['in', 'out'] as const, 'direction');
    const only = status === '' ? undefined : requireOneOf(status, SHIPMENT_STATUSES, 'status');
    const page = await pageOfShipments(ctx, party, way, only, parsePageSize(pageSize), bookmark);
    return this.result({ items: page.items, bookmark: page.bookmark, count: page.items.length });
  }

  /**
   * Brings a ledger written before shipments were listed by time and status up to date: converts
   * up to `limit` (1-500) entries of the old index by id into the new ones. The regulator runs
   * it after upgrading the chaincode, until `remaining` is false; shipments made since the
   * upgrade are indexed when they are written and need nothing.
   */
  @Transaction()
  @Returns('string')
  async MigrateShipmentIndex(ctx: TraceContext, limit: string): Promise<string> {
    await authorise(ctx, 'MigrateShipmentIndex');
    return this.result(await migrateLegacyShipmentIndex(ctx, parseMigrationLimit(limit)));
  }

  /**
   * What the caller holds of recalled batches (stand-alone packs, and containers with a recalled
   * batch inside), a page at a time: the stock a recall asks it to send back.
   */
  @Transaction(false)
  @Returns('string')
  async ListRecalledStock(ctx: TraceContext, pageSize: string, bookmark: string): Promise<string> {
    const caller = await authorise(ctx, 'ListRecalledStock');
    const page = await recalledStockOf(ctx, caller.gln, parsePageSize(pageSize), bookmark);
    return this.result({ items: page.items, bookmark: page.bookmark, count: page.items.length });
  }

  /** What the caller holds: stand-alone packs and containers, a page at a time. */
  @Transaction(false)
  @Returns('string')
  async ListInventory(ctx: TraceContext, pageSize: string, bookmark: string): Promise<string> {
    const caller = await authorise(ctx, 'ListInventory');
    const page = await inventoryPage(ctx, caller.gln, parsePageSize(pageSize), bookmark);
    return this.result({ items: page.items, bookmark: page.bookmark, count: page.items.length });
  }
}

/** Refuses a shipment that was already received (SHIPMENT_CLOSED) or cancelled. */
function checkInTransit(shipment: Shipment): void {
  if (shipment.status === 'cancelled') {
    throw new ChaincodeRefusal(
      'SHIPMENT_CANCELLED',
      `shipment ${shipment.id} was cancelled by its sender`,
    );
  }
  if (shipment.status !== 'in_transit') {
    throw new ChaincodeRefusal(
      'SHIPMENT_CLOSED',
      `shipment ${shipment.id} was already received${shipment.status === 'partially_received' ? ', in part' : ''}`,
    );
  }
}
