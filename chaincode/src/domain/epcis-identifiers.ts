import type { ItemRef } from '../model/item-ref';

/**
 * EPCIS 2.0 accepts GS1 Digital Link URIs as identifiers; unlike EPC URNs they need no company
 * prefix length, which the ledger does not always know.
 */
const RESOLVER = 'https://id.gs1.org';

export function packUri(gtin: string, serial: string): string {
  return `${RESOLVER}/01/${gtin}/21/${encodeURIComponent(serial)}`;
}

export function containerUri(sscc: string): string {
  return `${RESOLVER}/00/${sscc}`;
}

export function partyUri(gln: string): string {
  return `${RESOLVER}/414/${gln}`;
}

export function batchClassUri(gtin: string, lot: string): string {
  return `${RESOLVER}/01/${gtin}/10/${encodeURIComponent(lot)}`;
}

export function itemUri(item: ItemRef): string {
  return item.type === 'pack' ? packUri(item.gtin, item.serial) : containerUri(item.sscc);
}
