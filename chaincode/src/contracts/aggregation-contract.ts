import { validateSscc } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { batchesOf } from '../domain/batches';
import { checkHandledByCustodian } from '../domain/custody-checks';
import { containerUri, itemUri, partyUri } from '../domain/epcis-identifiers';
import { parseItemRefs } from '../domain/item-arguments';
import {
  addHolding,
  refOf,
  removeHolding,
  requireContainer,
  requireContainerReader,
  requireItem,
  saveItem,
  withHolder,
  type Item,
} from '../domain/items';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { authorise } from '../identity/caller';
import { gs1, requireOneOf } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import type { Container } from '../model/tracked-item';
import { MAX_CHILDREN } from '../model/limits';
import { TraceContract } from './trace-contract';

/** Packing packs into cases and cases onto pallets, and taking them apart again. */
export class AggregationContract extends TraceContract {
  constructor() {
    super('aggregation');
  }

  /**
   * Seals items the caller holds into a new case or pallet identified by an SSCC. A case holds
   * packs; a pallet holds cases or packs. From then on the container moves as one.
   */
  @Transaction()
  @Returns('string')
  async Aggregate(
    ctx: TraceContext,
    sscc: string,
    kind: string,
    children: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'Aggregate');
    const containerSscc = gs1(() => validateSscc(sscc));
    const containerKind = requireOneOf(kind, ['case', 'pallet'] as const, 'kind');
    const refs = parseItemRefs(children, 'children', MAX_CHILDREN);
    if ((await readRecord(ctx, Keys.container(ctx, containerSscc))) !== undefined) {
      throw new ChaincodeRefusal(
        'CONTAINER_EXISTS',
        `SSCC ${containerSscc} is already in use; an SSCC is never reused`,
      );
    }
    const items: Item[] = [];
    for (const ref of refs) {
      const item = await requireItem(ctx, ref);
      if (item.docType === 'container' && (containerKind === 'case' || item.kind === 'pallet')) {
        throw new ChaincodeRefusal(
          'INVALID_AGGREGATION',
          `a ${containerKind} cannot hold a ${item.kind}`,
        );
      }
      checkHandledByCustodian(item, caller.gln);
      items.push(item);
    }
    const entry = historyEntry(ctx, caller.gln, {
      action: 'packed',
      bizStep: 'packing',
      disposition: 'active',
      container: containerSscc,
    });
    for (const item of items) {
      await saveItem(ctx, { ...item, parent: containerSscc, lastEvent: entry });
      await removeHolding(ctx, caller.gln, refOf(item));
    }
    const container: Container = {
      docType: 'container',
      sscc: containerSscc,
      kind: containerKind,
      children: refs,
      batches: [...new Set(items.flatMap(batchesOf))].sort(),
      heldPacks: 0,
      custodian: caller.gln,
      shipment: null,
      parent: null,
      status: 'active',
      quarantine: null,
      holders: [caller.gln],
      lastEvent: entry,
    };
    await saveItem(ctx, container);
    await addHolding(ctx, caller.gln, { type: 'container', sscc: containerSscc });
    emitEvent(ctx, {
      type: 'ItemsPacked',
      by: caller.gln,
      parties: [caller.gln],
      epcis: [
        {
          eventType: 'AggregationEvent',
          action: 'ADD',
          bizStep: 'packing',
          disposition: 'active',
          parentID: containerUri(containerSscc),
          childEPCs: refs.map(itemUri),
          readPoint: partyUri(caller.gln),
        },
      ],
      subject: { sscc: containerSscc },
    });
    return this.result(container);
  }

  /** Opens a container the caller holds; its contents stand alone in the caller's custody. */
  @Transaction()
  @Returns('string')
  async Unpack(ctx: TraceContext, sscc: string): Promise<string> {
    const caller = await authorise(ctx, 'Unpack');
    const container = await requireContainer(
      ctx,
      gs1(() => validateSscc(sscc)),
    );
    // Opening a container is how suspect packs inside are set aside, so they do not block it.
    checkHandledByCustodian(container, caller.gln, { allowHeldPacks: true });
    const entry = historyEntry(ctx, caller.gln, {
      action: 'unpacked',
      bizStep: 'unpacking',
      disposition: 'active',
      container: container.sscc,
    });
    for (const ref of container.children) {
      const child = await requireItem(ctx, ref);
      await saveItem(ctx, {
        ...child,
        parent: null,
        custodian: caller.gln,
        holders: container.holders.reduce(withHolder, [...child.holders]),
        lastEvent: entry,
      });
      await addHolding(ctx, caller.gln, ref);
    }
    const unpacked: Container = {
      ...container,
      status: 'unpacked',
      heldPacks: 0,
      lastEvent: entry,
    };
    await saveItem(ctx, unpacked);
    await removeHolding(ctx, caller.gln, refOf(container));
    emitEvent(ctx, {
      type: 'ContainerUnpacked',
      by: caller.gln,
      parties: [caller.gln],
      epcis: [
        {
          eventType: 'AggregationEvent',
          action: 'DELETE',
          bizStep: 'unpacking',
          disposition: 'active',
          parentID: containerUri(container.sscc),
          childEPCs: container.children.map(itemUri),
          readPoint: partyUri(caller.gln),
        },
      ],
      subject: { sscc: container.sscc },
    });
    return this.result(unpacked);
  }

  /** A container and what it holds (the regulator, or a party that has held it). */
  @Transaction(false)
  @Returns('string')
  async GetContainer(ctx: TraceContext, sscc: string): Promise<string> {
    const caller = await authorise(ctx, 'GetContainer');
    const container = await requireContainer(
      ctx,
      gs1(() => validateSscc(sscc)),
    );
    await requireContainerReader(ctx, caller, container, 'read it');
    return this.result(container);
  }
}
