/** A reference to something that can be held and shipped: a pack or a container. */
export type ItemRef = PackRef | ContainerRef;

/** A pack, by GTIN and serial (its SGTIN). */
export interface PackRef {
  readonly type: 'pack';
  readonly gtin: string;
  readonly serial: string;
}

/** A case or pallet, by SSCC. */
export interface ContainerRef {
  readonly type: 'container';
  readonly sscc: string;
}

/** A stable text form of an item reference, for sets and messages. */
export function itemLabel(item: ItemRef): string {
  return item.type === 'pack' ? `pack ${item.gtin}/${item.serial}` : `container ${item.sscc}`;
}
