import { validateGln } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { newAlert, saveNewAlert } from '../domain/alerts';
import { checkBatchesMayMove } from '../domain/batches';
import { inventoryPage } from '../domain/compact-holdings';
import { checkHandledByCustodian, sortReceiptExtras } from '../domain/custody-checks';
import { itemUri, partyUri } from '../domain/epcis-identifiers';
import { parseItemRefs } from '../domain/item-arguments';
import {
  addHolding,
  findItem,
  refOf,
  refKey,
  removeHolding,
  requireItem,
  saveItem,
  withHolder,
  type Item,
} from '../domain/items';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { requireTradingPartner } from '../domain/parties';
import { quarantineItem } from '../domain/quarantine';
import { recalledStockOf } from '../domain/recalled-stock';
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
import type { ItemRef } from '../model/item-ref';
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
   * Confirms receipt of a shipment with what actually arrived. Custody of the items that arrived
   * passes to the receiver. Items missing stay with the sender and are put under investigation
   * by one discrepancy alert about the shipment (its sender and receiver may read it), which
   * also names the items listed but not shipped. Of those it sets aside only the receiver's own
   * stock and what travelled inside the shipment's containers; another party's stock is never
   * changed by a receipt, and at most MAX_FOREIGN_ITEMS_PER_RECEIPT of it may be listed.
   */
  @Transaction()
  @Returns('string')
  async Receive(ctx: TraceContext, shipmentId: string, received: string): Promise<string> {
    const caller = await authorise(ctx, 'Receive');
    const id = requireRecordId(shipmentId, 'shipmentId');
    const arrived = parseItemRefs(received, 'received', MAX_SHIPMENT_ITEMS * 2, true);
    const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, id));
    if (shipment === undefined) {
      throw new ChaincodeRefusal('SHIPMENT_NOT_FOUND', `shipment ${id} does not exist`);
    }
    if (shipment.to !== caller.gln) {
      throw new ChaincodeRefusal(
        'NOT_RECIPIENT',
        'only the party a shipment is addressed to may receive it',
      );
    }
    checkInTransit(shipment);
    const shipped = new Set(shipment.items.map(refKey));
    const arrivedKeys = new Set(arrived.map(refKey));
    const delivered = shipment.items.filter((ref) => arrivedKeys.has(refKey(ref)));
    const missing = shipment.items.filter((ref) => !arrivedKeys.has(refKey(ref)));
    const extra = arrived.filter((ref) => !shipped.has(refKey(ref)));
    // Sorted before anything is written: a refused receipt changes nothing.
    const extras = await sortReceiptExtras(ctx, extra, shipped, caller.gln);
    const hasDiscrepancy = missing.length > 0 || extra.length > 0;
    const alertId = hasDiscrepancy ? ctx.stub.getTxID() : null;

    const entry = historyEntry(ctx, caller.gln, {
      action: 'received',
      bizStep: 'receiving',
      disposition: 'active',
      from: shipment.from,
      to: caller.gln,
      shipment: id,
    });
    for (const ref of delivered) {
      const item = await requireItem(ctx, ref);
      await saveItem(ctx, {
        ...item,
        shipment: null,
        custodian: caller.gln,
        holders: withHolder(item.holders, caller.gln),
        lastEvent: entry,
      });
      await addHolding(ctx, caller.gln, ref);
    }

    const quarantined: ItemRef[] = [];
    if (alertId !== null) {
      const held = historyEntry(ctx, caller.gln, {
        action: 'quarantined',
        bizStep: 'holding',
        disposition: 'non_sellable_other',
        shipment: id,
        alert: alertId,
      });
      for (const ref of missing) {
        const item = await requireItem(ctx, ref);
        // A missing item was last accountable with its sender.
        const back = { ...item, shipment: null };
        await saveItem(ctx, back);
        await addHolding(ctx, shipment.from, ref);
        if (await quarantineItem(ctx, back, alertId, { ...held, action: 'missing_on_receipt' })) {
          quarantined.push(ref);
        }
      }
      for (const ref of extras.own) {
        // Read again: setting aside a pack listed before it counts on the containers around it.
        const item = await findItem(ctx, ref);
        if (
          item !== undefined &&
          (await quarantineItem(ctx, item, alertId, { ...held, action: 'extra_on_receipt' }))
        ) {
          quarantined.push(ref);
        }
      }
      const alert = newAlert(ctx, caller.gln, {
        kind: 'shipment_discrepancy',
        reasons: [
          ...(missing.length > 0 ? ['MISSING_ITEMS'] : []),
          ...(extra.length > 0 ? ['EXTRA_ITEMS'] : []),
        ],
        note:
          `shipment ${id} from ${shipment.from}: ${missing.length} missing, ${extra.length} extra` +
          (extras.foreign.length > 0
            ? ` (${extras.foreign.length} neither shipped nor the receiver's, left unchanged)`
            : ''),
        items: [...missing, ...extra],
        quarantined,
        shipmentId: id,
      });
      await saveNewAlert(ctx, alert, [shipment.from, caller.gln]);
    }

    const updated: Shipment = {
      ...shipment,
      status: hasDiscrepancy ? 'received_with_discrepancy' : 'received',
      receivedAt: entry.at,
      missing,
      extra,
      alertId,
      lastEvent: entry,
    };
    await writeRecord(ctx, Keys.shipment(ctx, id), updated);
    await moveShipmentStatus(ctx, updated, shipment.status);
    emitEvent(ctx, {
      type: hasDiscrepancy ? 'ShipmentReceivedWithDiscrepancy' : 'ShipmentReceived',
      by: caller.gln,
      parties: [shipment.from, caller.gln],
      epcis: [
        {
          eventType: 'ObjectEvent',
          action: 'OBSERVE',
          bizStep: 'receiving',
          disposition: 'active',
          epcList: delivered.map(itemUri),
          readPoint: partyUri(caller.gln),
          bizLocation: partyUri(caller.gln),
          sourceList: [{ type: 'owning_party', source: partyUri(shipment.from) }],
          destinationList: [{ type: 'owning_party', destination: partyUri(caller.gln) }],
        },
      ],
      subject: alertId === null ? { shipment: id } : { shipment: id, alert: alertId },
    });
    return this.result(updated);
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
    for (const ref of shipment.items) {
      const item = await requireItem(ctx, ref);
      await saveItem(ctx, { ...item, shipment: null, lastEvent: entry });
      // A pack confirmed illegitimate while travelling has left stock for good.
      if (item.status !== 'illegitimate') {
        await addHolding(ctx, caller.gln, ref);
      }
    }
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
    throw new ChaincodeRefusal('SHIPMENT_CLOSED', `shipment ${shipment.id} was already received`);
  }
}
