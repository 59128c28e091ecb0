import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { HistoryEntry } from '../model/history-entry';
import { itemLabel, type ItemRef } from '../model/item-ref';
import type { Shipment } from '../model/shipment';
import { newAlert, saveNewAlert } from './alerts';
import { itemUri, partyUri } from './epcis-identifiers';
import { addHolding, findItem, refKey, requireItem, saveItem, withHolder } from './items';
import { emitEvent, historyEntry } from './ledger-events';
import { quarantineItem } from './quarantine';
import { moveShipmentStatus } from './shipment-lists';

/*
 * Receiving a shipment, whole or item by item. The platform's own receipt (custody:Receive)
 * says what arrived and closes the shipment; an EPCIS receiving event names only what it saw,
 * so it receives just those items and leaves the shipment open for the rest, until the last
 * arrives or the receiver (or the regulator) closes it (custody:CloseShipment). Only a closing
 * turns what never arrived into a discrepancy.
 */

/** The shipment, or SHIPMENT_NOT_FOUND. */
export async function requireShipment(ctx: TraceContext, id: string): Promise<Shipment> {
  const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, id));
  if (shipment === undefined) {
    throw new ChaincodeRefusal('SHIPMENT_NOT_FOUND', `shipment ${id} does not exist`);
  }
  return shipment;
}

/** Refuses anyone but the party the shipment is addressed to (NOT_RECIPIENT). */
export function requireRecipient(shipment: Shipment, gln: string): void {
  if (shipment.to !== gln) {
    throw new ChaincodeRefusal(
      'NOT_RECIPIENT',
      'only the party a shipment is addressed to may receive it',
    );
  }
}

/** Refuses a shipment that is closed (SHIPMENT_CLOSED) or cancelled; open ones pass. */
export function requireOpen(shipment: Shipment): void {
  if (shipment.status === 'cancelled') {
    throw new ChaincodeRefusal(
      'SHIPMENT_CANCELLED',
      `shipment ${shipment.id} was cancelled by its sender`,
    );
  }
  if (shipment.status !== 'in_transit' && shipment.status !== 'partially_received') {
    throw new ChaincodeRefusal(
      'SHIPMENT_CLOSED',
      `shipment ${shipment.id} was already received and closed`,
    );
  }
}

/** The keys of the items a shipment's partial receipts have received so far. */
export function receivedSoFar(shipment: Shipment): Set<string> {
  return new Set((shipment.received ?? []).map(refKey));
}

/**
 * Passes custody of delivered items to the receiver: each leaves the shipment, the receiver
 * holds it, and its history records the receipt.
 */
export async function deliverItems(
  ctx: TraceContext,
  receiver: string,
  delivered: readonly ItemRef[],
  entry: HistoryEntry,
): Promise<void> {
  for (const ref of delivered) {
    const item = await requireItem(ctx, ref);
    await saveItem(ctx, {
      ...item,
      shipment: null,
      custodian: receiver,
      holders: withHolder(item.holders, receiver),
      lastEvent: entry,
    });
    await addHolding(ctx, receiver, ref);
  }
}

/** What a closing of a shipment found: what arrived now, what never did, what was not sent. */
export interface ShipmentClosing {
  readonly shipment: Shipment;
  /** GLN of the party closing it (its receiver, or the regulator). */
  readonly by: string;
  /** The history entry of the closing transaction (receipt or close). */
  readonly entry: HistoryEntry;
  /** Items of the shipment received in this transaction. */
  readonly delivered: readonly ItemRef[];
  /** Items of the shipment never received. */
  readonly missing: readonly ItemRef[];
  /** Items listed as arrived that the shipment did not carry. */
  readonly extra: readonly ItemRef[];
  /** Of `extra`, what the receipt may set aside (`own`) and what it only names (`foreign`). */
  readonly extras: { readonly own: readonly ItemRef[]; readonly foreign: readonly ItemRef[] };
}

/**
 * Closes an open shipment. Items missing stay with the sender and are put under investigation
 * by one discrepancy alert about the shipment (its sender and receiver may read it), which also
 * names the items listed but not shipped; of those it sets aside only `extras.own`. Writes the
 * shipment, moves its status index and emits the receipt's ledger event.
 */
export async function closeShipment(
  ctx: TraceContext,
  closing: ShipmentClosing,
): Promise<Shipment> {
  const { shipment, by, entry, delivered, missing, extra, extras } = closing;
  const id = shipment.id;
  const hasDiscrepancy = missing.length > 0 || extra.length > 0;
  const alertId = hasDiscrepancy ? ctx.stub.getTxID() : null;
  if (alertId !== null) {
    const quarantined: ItemRef[] = [];
    const held = historyEntry(ctx, by, {
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
    const alert = newAlert(ctx, by, {
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
    await saveNewAlert(ctx, alert, [shipment.from, shipment.to]);
  }

  const updated: Shipment = {
    ...shipment,
    status: hasDiscrepancy ? 'received_with_discrepancy' : 'received',
    receivedAt: entry.at,
    missing,
    extra,
    alertId,
    lastEvent: entry,
    // Kept only where partial receipts began it: a receipt in one go names what arrived.
    ...(shipment.received === undefined ? {} : { received: [...shipment.received, ...delivered] }),
  };
  await writeRecord(ctx, Keys.shipment(ctx, id), updated);
  await moveShipmentStatus(ctx, updated, shipment.status);
  emitEvent(ctx, {
    type: hasDiscrepancy ? 'ShipmentReceivedWithDiscrepancy' : 'ShipmentReceived',
    by,
    parties: [shipment.from, shipment.to],
    // A close that receives nothing moves no item into anyone's custody: no receiving event.
    epcis:
      delivered.length === 0 && entry.action !== 'received' ? [] : [receiving(shipment, delivered)],
    subject: alertId === null ? { shipment: id } : { shipment: id, alert: alertId },
  });
  return updated;
}

/** The EPCIS receiving event of items passing to the shipment's receiver. */
function receiving(shipment: Shipment, delivered: readonly ItemRef[]) {
  return {
    eventType: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'active',
    epcList: delivered.map(itemUri),
    readPoint: partyUri(shipment.to),
    bizLocation: partyUri(shipment.to),
    sourceList: [{ type: 'owning_party', source: partyUri(shipment.from) }],
    destinationList: [{ type: 'owning_party', destination: partyUri(shipment.to) }],
  } as const;
}

/**
 * Receives some of an open shipment's items (an EPCIS receiving event names what it saw, not a
 * whole shipment): custody of just those passes to the receiver. The shipment stays open as
 * `partially_received` until its last item is received, which closes it with no discrepancy.
 * Refused whole, before anything is written: an item the shipment did not carry
 * (NOT_IN_SHIPMENT), one already received (ALREADY_RECEIVED), a closed or cancelled shipment.
 */
export async function receiveItems(
  ctx: TraceContext,
  receiver: string,
  shipmentId: string,
  refs: readonly ItemRef[],
): Promise<Shipment> {
  const shipment = await requireShipment(ctx, shipmentId);
  requireRecipient(shipment, receiver);
  const before = receivedSoFar(shipment);
  const shipped = new Set(shipment.items.map(refKey));
  for (const ref of refs) {
    // Checked before the status: an item received twice is named as such, even once the
    // shipment has closed by itself.
    if (before.has(refKey(ref))) {
      throw new ChaincodeRefusal(
        'ALREADY_RECEIVED',
        `${itemLabel(ref)} of shipment ${shipment.id} was already received`,
        { shipment: shipment.id },
      );
    }
  }
  requireOpen(shipment);
  for (const ref of refs) {
    if (!shipped.has(refKey(ref))) {
      throw new ChaincodeRefusal(
        'NOT_IN_SHIPMENT',
        `${itemLabel(ref)} is not in shipment ${shipment.id}; receive each shipment's own items`,
        { shipment: shipment.id },
      );
    }
  }
  const entry = historyEntry(ctx, receiver, {
    action: 'received',
    bizStep: 'receiving',
    disposition: 'active',
    from: shipment.from,
    to: receiver,
    shipment: shipment.id,
  });
  await deliverItems(ctx, receiver, refs, entry);
  const received = [...(shipment.received ?? []), ...refs];
  const started: Shipment = { ...shipment, received: shipment.received ?? [] };
  if (received.length === shipment.items.length) {
    return closeShipment(ctx, {
      shipment: started,
      by: receiver,
      entry,
      delivered: refs,
      missing: [],
      extra: [],
      extras: { own: [], foreign: [] },
    });
  }
  const updated: Shipment = {
    ...shipment,
    status: 'partially_received',
    received,
    lastEvent: entry,
  };
  await writeRecord(ctx, Keys.shipment(ctx, shipment.id), updated);
  await moveShipmentStatus(ctx, updated, shipment.status);
  emitEvent(ctx, {
    type: 'ShipmentPartlyReceived',
    by: receiver,
    parties: [shipment.from, receiver],
    epcis: [receiving(shipment, refs)],
    subject: { shipment: shipment.id },
  });
  return updated;
}
