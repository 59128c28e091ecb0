import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { deleteKey, readRecord, writeIndex, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import { itemLabel, type ItemRef } from '../model/item-ref';
import type { Shipment } from '../model/shipment';
import type { Container, Pack } from '../model/tracked-item';
import {
  findCommissioning,
  materialiseIfSynthesised,
  noteSynthesised,
  synthesisedPack,
} from './compact-packs';

/** A pack or a container record. */
export type Item = Pack | Container;

/** The deepest nesting the ledger allows: pack in case on pallet. */
const MAX_DEPTH = 2;

export function refOf(item: Item): ItemRef {
  return item.docType === 'pack'
    ? { type: 'pack', gtin: item.gtin, serial: item.serial }
    : { type: 'container', sscc: item.sscc };
}

/** A stable string for sets of item references. */
export function refKey(ref: ItemRef): string {
  return ref.type === 'pack' ? `01/${ref.gtin}/21/${ref.serial}` : `00/${ref.sscc}`;
}

function keyOf(ctx: TraceContext, ref: ItemRef): string {
  return ref.type === 'pack' ? Keys.pack(ctx, ref.gtin, ref.serial) : Keys.container(ctx, ref.sscc);
}

function refParts(ref: ItemRef): string[] {
  return ref.type === 'pack' ? ['pack', ref.gtin, ref.serial] : ['container', ref.sscc];
}

/**
 * Reads an item, or undefined when the ledger does not know it. A pack without a record of its
 * own is read from the batch's compact commissioning record (as commissioned: active, loose,
 * with its manufacturer); the first write concerning it then materialises its record.
 */
export async function findItem(ctx: TraceContext, ref: ItemRef): Promise<Item | undefined> {
  const item = await readRecord<Item>(ctx, keyOf(ctx, ref));
  if (item !== undefined || ref.type !== 'pack') {
    return item;
  }
  const record = await findCommissioning(ctx, ref.gtin, ref.serial);
  if (record === undefined) {
    return undefined;
  }
  const pack = synthesisedPack(record, ref.serial);
  noteSynthesised(ctx, pack);
  return pack;
}

/** Reads an item or refuses with PACK_NOT_FOUND / CONTAINER_NOT_FOUND. */
export async function requireItem(ctx: TraceContext, ref: ItemRef): Promise<Item> {
  const item = await findItem(ctx, ref);
  if (item === undefined) {
    throw new ChaincodeRefusal(
      ref.type === 'pack' ? 'PACK_NOT_FOUND' : 'CONTAINER_NOT_FOUND',
      `${itemLabel(ref)} is not on the ledger`,
    );
  }
  return item;
}

export async function requirePack(ctx: TraceContext, gtin: string, serial: string): Promise<Pack> {
  return (await requireItem(ctx, { type: 'pack', gtin, serial })) as Pack;
}

export async function requireContainer(ctx: TraceContext, sscc: string): Promise<Container> {
  return (await requireItem(ctx, { type: 'container', sscc })) as Container;
}

export async function saveItem(ctx: TraceContext, item: Item): Promise<void> {
  if (item.docType === 'pack') {
    await materialiseIfSynthesised(ctx, item.gtin, item.serial);
  }
  await writeRecord(ctx, keyOf(ctx, refOf(item)), item);
}

/** The containers around an item, nearest first. */
export async function ancestorsOf(ctx: TraceContext, item: Item): Promise<Container[]> {
  const ancestors: Container[] = [];
  let parent = item.parent;
  while (parent !== null) {
    if (ancestors.length >= MAX_DEPTH) {
      throw new ChaincodeRefusal(
        'INVALID_AGGREGATION',
        'containers are nested deeper than the ledger allows',
      );
    }
    const container = await requireContainer(ctx, parent);
    ancestors.push(container);
    parent = container.parent;
  }
  return ancestors;
}

/** Who holds an item and whether it is travelling: its outermost container decides. */
export function effectiveCustody(
  item: Item,
  ancestors: readonly Container[],
): { custodian: string; shipment: string | null } {
  const outer = ancestors[ancestors.length - 1] ?? item;
  return { custodian: outer.custodian, shipment: outer.shipment };
}

/**
 * The parties whose stock an item is: its effective custodian and, while it travels, the party
 * it is addressed to.
 */
export async function custodiansOf(ctx: TraceContext, item: Item): Promise<string[]> {
  const custody = effectiveCustody(item, await ancestorsOf(ctx, item));
  if (custody.shipment === null) {
    return [custody.custodian];
  }
  const shipment = await readRecord<Shipment>(ctx, Keys.shipment(ctx, custody.shipment));
  return shipment === undefined ? [custody.custodian] : [custody.custodian, shipment.to];
}

/** Every party that has held an item or a container it travelled in. */
export function everyHolder(item: Item, ancestors: readonly Container[]): Set<string> {
  return new Set([...item.holders, ...ancestors.flatMap((container) => container.holders)]);
}

/**
 * Refuses a caller other than the regulator or a party that has held the container (or one it
 * travelled in): who may read a container and verify its contents.
 */
export async function requireContainerReader(
  ctx: TraceContext,
  caller: { readonly role: string; readonly gln: string },
  container: Container,
  action: string,
): Promise<void> {
  if (
    caller.role !== 'regulator' &&
    !everyHolder(container, await ancestorsOf(ctx, container)).has(caller.gln)
  ) {
    throw new ChaincodeRefusal(
      'NOT_PERMITTED',
      `only the regulator or a party that has held this container may ${action}`,
    );
  }
}

/** Adds the party to the holders list unless it is already the latest holder. */
export function withHolder(holders: readonly string[], gln: string): string[] {
  return holders[holders.length - 1] === gln ? [...holders] : [...holders, gln];
}

/** Inventory index: a party holds this stand-alone item. */
export async function addHolding(ctx: TraceContext, gln: string, ref: ItemRef): Promise<void> {
  if (ref.type === 'pack') {
    await materialiseIfSynthesised(ctx, ref.gtin, ref.serial);
  }
  await writeIndex(ctx, Keys.holding(ctx, gln, refParts(ref)));
}

export async function removeHolding(ctx: TraceContext, gln: string, ref: ItemRef): Promise<void> {
  if (ref.type === 'pack') {
    await materialiseIfSynthesised(ctx, ref.gtin, ref.serial);
  }
  await deleteKey(ctx, Keys.holding(ctx, gln, refParts(ref)));
}

/** Reads an item reference back from the attributes of a holding index key. */
export function refFromHoldingParts(parts: readonly string[]): ItemRef {
  const [kind, first, second] = parts;
  return kind === 'pack'
    ? { type: 'pack', gtin: first ?? '', serial: second ?? '' }
    : { type: 'container', sscc: first ?? '' };
}
