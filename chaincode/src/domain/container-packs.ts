import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { TraceContext } from '../ledger/trace-context';
import { MAX_PACKS_PER_TRANSACTION } from '../model/bulk-operations';
import type { Container, Pack } from '../model/tracked-item';
import { requireItem } from './items';

/** What a case or pallet holds, read from the ledger's aggregation without unpacking it. */
export interface ContainerContents {
  /** Every pack inside, nested cases included, in the order the containers list them. */
  readonly packs: readonly Pack[];
  /** The container and every case nested in it, outermost first. */
  readonly containers: readonly Container[];
  /** Each pack's containers, nearest first (keyed by GTIN and serial). */
  readonly ancestors: ReadonlyMap<string, readonly Container[]>;
}

/** The map key of a pack in {@link ContainerContents.ancestors}. */
export function packKey(pack: { readonly gtin: string; readonly serial: string }): string {
  return `${pack.gtin}/${pack.serial}`;
}

/**
 * Reads the packs inside a container and the cases nested in it. More than
 * {@link MAX_PACKS_PER_TRANSACTION} packs are refused (LIMIT_EXCEEDED) as soon as they are
 * counted: the containers' lists are read before any pack, so a refusal reads little.
 */
export async function containerContents(
  ctx: TraceContext,
  outer: Container,
): Promise<ContainerContents> {
  const containers: Container[] = [outer];
  const packRefs: Array<{ gtin: string; serial: string; within: Container[] }> = [];
  const visit = async (container: Container, within: Container[]): Promise<void> => {
    for (const ref of container.children) {
      if (ref.type === 'pack') {
        packRefs.push({ gtin: ref.gtin, serial: ref.serial, within });
        if (packRefs.length > MAX_PACKS_PER_TRANSACTION) {
          throw new ChaincodeRefusal(
            'LIMIT_EXCEEDED',
            `container ${outer.sscc} holds more than ${MAX_PACKS_PER_TRANSACTION} packs, the most one transaction may act on; send its packs as a bulk job`,
            { sscc: outer.sscc, max: MAX_PACKS_PER_TRANSACTION },
          );
        }
        continue;
      }
      const inner = (await requireItem(ctx, ref)) as Container;
      containers.push(inner);
      await visit(inner, [inner, ...within]);
    }
  };
  await visit(outer, [outer]);
  const packs: Pack[] = [];
  const ancestors = new Map<string, readonly Container[]>();
  for (const ref of packRefs) {
    const pack = (await requireItem(ctx, {
      type: 'pack',
      gtin: ref.gtin,
      serial: ref.serial,
    })) as Pack;
    packs.push(pack);
    ancestors.set(packKey(pack), ref.within);
  }
  return { packs, containers, ancestors };
}
