import {
  Tx,
  type Page,
  type TransactionEntry,
  type Product,
  type Shipment,
} from '@packtrace/chaincode/client';
import type { Endorsement } from '@packtrace/embedded-ledger';
import { GTIN, PARTIES, gtin } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import { commission, pack, registerProduct } from '../../support/fixtures';
import type { ScenarioUser } from '../../support/scenario-ledger';

const INDEX = Buffer.from('{"index":true}', 'utf8');

/** A composite key as fabric-shim forms it. */
function compositeKey(objectType: string, attributes: string[]): string {
  return `\u0000${objectType}\u0000${attributes.map((part) => `${part}\u0000`).join('')}`;
}

/**
 * What a transaction of the chaincode before list indexes wrote: the same endorsement without
 * the index entries of `objectTypes`, plus `extra` entries of the old index.
 */
function asOlderChaincode(
  endorsement: Endorsement,
  objectTypes: string[],
  extra: string[],
): Endorsement {
  const writes = new Map(
    [...endorsement.readWriteSet.writes].filter(
      ([key]) => !objectTypes.some((type) => key.startsWith(`\u0000${type}\u0000`)),
    ),
  );
  for (const key of extra) {
    writes.set(key, INDEX);
  }
  return { ...endorsement, readWriteSet: { ...endorsement.readWriteSet, writes } };
}

describe('a ledger written before the list indexes', () => {
  let d: EmbeddedScenario;

  const olderTransaction = async (
    user: ScenarioUser,
    transaction: TransactionEntry,
    args: string[],
    objectTypes: string[],
    extra: (endorsement: Endorsement) => string[],
  ): Promise<Endorsement> => {
    const endorsement = await d.engine.endorse(d.identities[user], transaction.name, args);
    await d.engine.commit(asOlderChaincode(endorsement, objectTypes, extra(endorsement)));
    return endorsement;
  };
  const incoming = async (status: string) =>
    (
      await d.evaluate<Page<Shipment>>('distributor', Tx.ListShipments, '', 'in', status, '', '')
    ).items.map((shipment) => shipment.id);

  beforeAll(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
    await commission(d, ['M1', 'M2', 'M3']);
  });
  afterAll(async () => d.stop());

  it('lists its shipments once the regulator has migrated the old index, whatever happened to them since', async () => {
    const shippedBefore: string[] = [];
    for (const serial of ['M1', 'M2']) {
      const endorsement = await olderTransaction(
        'manufacturer',
        Tx.Ship,
        [PARTIES.distributor.gln, JSON.stringify([pack(serial)])],
        ['shipment-dated', 'shipment-status'],
        ({ txId }) => [
          compositeKey('shipment-party', [PARTIES.manufacturer.gln, 'out', txId]),
          compositeKey('shipment-party', [PARTIES.distributor.gln, 'in', txId]),
        ],
      );
      shippedBefore.push(endorsement.txId);
    }
    expect(await incoming('')).toEqual([]);
    // Received after the upgrade, before the migration: its status entry is written then.
    const [first = '', second = ''] = shippedBefore;
    await d.submit('distributor', Tx.Receive, first, JSON.stringify([pack('M1')]));
    const shippedAfter = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([pack('M3')]),
    );

    const step = await d.submit<{ converted: number; remaining: boolean }>(
      'regulator',
      Tx.MigrateShipmentIndex,
      '3',
    );
    expect(step).toEqual({ converted: 3, remaining: true });
    const last = await d.submit<{ converted: number; remaining: boolean }>(
      'regulator',
      Tx.MigrateShipmentIndex,
      '3',
    );
    expect(last).toEqual({ converted: 1, remaining: false });

    expect(await incoming('')).toEqual([first, second, shippedAfter.id]);
    expect(await incoming('received')).toEqual([first]);
    expect(await incoming('in_transit')).toEqual([second, shippedAfter.id]);
    const outgoing = await d.evaluate<Page<Shipment>>(
      'manufacturer',
      Tx.ListShipments,
      '',
      'out',
      '',
      '',
      '',
    );
    expect(outgoing.items.map((shipment) => shipment.id)).toEqual([first, second, shippedAfter.id]);
    // Run again, it finds nothing left to do.
    expect(await d.submit('regulator', Tx.MigrateShipmentIndex, '3')).toEqual({
      converted: 0,
      remaining: false,
    });
  });

  it('lists its products once the regulator has indexed them', async () => {
    const older = gtin('0950600013443');
    await olderTransaction(
      'manufacturer',
      Tx.RegisterProduct,
      [older, 'Older', 'tablet', '1 mg', '10'],
      ['product-manufacturer'],
      () => [],
    );
    const mine = async () =>
      (await d.evaluate<Page<Product>>('manufacturer', Tx.ListProducts, '', '', '')).items.map(
        (product) => product.gtin,
      );
    expect(await mine()).toEqual([GTIN]);

    expect(await d.submit('regulator', Tx.IndexProducts, '', '1')).toEqual({
      indexed: 1,
      next: GTIN,
    });
    expect(await d.submit('regulator', Tx.IndexProducts, GTIN, '1')).toEqual({
      indexed: 1,
      next: older,
    });
    expect(await d.submit('regulator', Tx.IndexProducts, older, '1')).toEqual({
      indexed: 0,
      next: '',
    });
    expect(await mine()).toEqual([GTIN, older]);
  });
});
