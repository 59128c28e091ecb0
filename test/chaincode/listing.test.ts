import {
  Tx,
  type Batch,
  type Page,
  type Product,
  type Shipment,
} from '@packtrace/chaincode/client';
import { GTIN, PARTIES, gtin } from '../support/demo-parties';
import { EXPIRY, commission, pack, registerProduct } from '../support/fixtures';
import { refusal, type ScenarioLedger, type ScenarioUser } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

/** Three more GTINs under the demo manufacturer's prefix, one under manufacturer2's. */
const GTIN_B = gtin('0950600013443');
const GTIN_C = gtin('0950600013444');
const OTHER_MAKERS_GTIN = gtin('0950600100001');

describe('lists filtered before pagination: shipments, products, batches', () => {
  let d: ScenarioLedger;

  const ship = (serials: string[], to: keyof typeof PARTIES = 'distributor') =>
    d.submit<Shipment>('manufacturer', Tx.Ship, PARTIES[to].gln, JSON.stringify(serials.map(pack)));
  const shipments = (
    user: ScenarioUser,
    direction: 'in' | 'out',
    status = '',
    pageSize = '',
    bookmark = '',
    gln = '',
  ) =>
    d.evaluate<Page<Shipment>>(user, Tx.ListShipments, gln, direction, status, pageSize, bookmark);
  /** Every page of a shipment list, with the size of each page. */
  const allPages = async (user: ScenarioUser, direction: 'in' | 'out', status: string) => {
    const ids: string[] = [];
    const sizes: number[] = [];
    let bookmark = '';
    do {
      const page = await shipments(user, direction, status, '2', bookmark);
      expect(page.count).toBe(page.items.length);
      ids.push(...page.items.map((shipment) => shipment.id));
      sizes.push(page.items.length);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return { ids, sizes };
  };

  let received1: Shipment;
  let received2: Shipment;
  let travelling: Shipment;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    // Two shipments received, then one still travelling: shipped in that order.
    received1 = await ship(['L1']);
    received2 = await ship(['L2']);
    travelling = await ship(['L3']);
    await d.submit('distributor', Tx.Receive, received1.id, JSON.stringify([pack('L1')]));
    await d.submit('distributor', Tx.Receive, received2.id, JSON.stringify([pack('L2')]));
  });
  afterAll(async () => d.stop());

  it('answers the one shipment in transit on the first page, where a page of every shipment holds only received ones', async () => {
    const everything = await shipments('distributor', 'in', '', '2');
    expect(everything.items.map((shipment) => shipment.status)).toEqual(['received', 'received']);
    expect(everything.bookmark).not.toBe('');

    const inTransit = await shipments('distributor', 'in', 'in_transit', '2');
    expect(inTransit.items.map((shipment) => shipment.id)).toEqual([travelling.id]);
    expect(inTransit.count).toBe(1);
    expect(inTransit.bookmark).toBe('');
  });

  it('lists oldest shipped first, in full pages, with an empty bookmark exactly on the last', async () => {
    const { ids, sizes } = await allPages('distributor', 'in', '');
    expect(ids).toEqual([received1.id, received2.id, travelling.id]);
    expect(sizes).toEqual([2, 1]);
    const received = await allPages('manufacturer', 'out', 'received');
    expect(received.ids).toEqual([received1.id, received2.id]);
    expect(received.sizes).toEqual([2]);
  });

  it('keeps directions apart: the sender sees outgoing, the addressee incoming', async () => {
    expect((await shipments('manufacturer', 'in')).items).toEqual([]);
    expect((await shipments('distributor', 'out')).items).toEqual([]);
    expect((await shipments('manufacturer', 'out', 'in_transit')).items.map((s) => s.id)).toEqual([
      travelling.id,
    ]);
    expect((await shipments('pharmacy', 'in')).items).toEqual([]);
  });

  it('moves a shipment between status lists in the transaction that changes its status, for both parties', async () => {
    const cancelled = await ship(['L4'], 'pharmacy');
    const discrepant = await ship(['L5', 'L6'], 'pharmacy');
    expect((await shipments('pharmacy', 'in', 'in_transit')).items.map((s) => s.id)).toEqual([
      cancelled.id,
      discrepant.id,
    ]);

    const before = await d.height();
    await d.submit('manufacturer', Tx.CancelShipment, cancelled.id, '');
    await d.submit('pharmacy', Tx.Receive, discrepant.id, JSON.stringify([pack('L5')]));
    // Nothing but the two transactions has been committed: the lists moved with them.
    expect(await d.height()).toBe(before + 2);

    for (const [user, direction] of [
      ['pharmacy', 'in'],
      ['manufacturer', 'out'],
    ] as const) {
      const ids = async (status: string) =>
        (await shipments(user, direction, status)).items.map((shipment) => shipment.id);
      expect(await ids('cancelled')).toEqual([cancelled.id]);
      expect(await ids('received_with_discrepancy')).toEqual([discrepant.id]);
      expect(await ids('received')).not.toContain(discrepant.id);
    }
    expect((await shipments('pharmacy', 'in', 'in_transit')).items).toEqual([]);
    const listed = (await shipments('pharmacy', 'in', 'cancelled')).items[0];
    expect(listed).toMatchObject({ id: cancelled.id, status: 'cancelled' });
  });

  it('lets the regulator list any party’s shipments, and no one else', async () => {
    const asRegulator = await shipments(
      'regulator',
      'in',
      'in_transit',
      '',
      '',
      PARTIES.distributor.gln,
    );
    expect(asRegulator.items.map((shipment) => shipment.id)).toEqual([travelling.id]);
    const refused = await refusal(shipments('pharmacy', 'in', '', '', '', PARTIES.distributor.gln));
    expect(refused.code).toBe('NOT_PERMITTED');
  });

  it('refuses a status it does not know and a bookmark from another list', async () => {
    expect((await refusal(shipments('distributor', 'in', 'lost'))).code).toBe('INVALID_ARGUMENT');
    const page = await shipments('distributor', 'in', '', '1');
    expect(page.bookmark).not.toBe('');
    const foreign = await refusal(shipments('distributor', 'in', 'in_transit', '1', page.bookmark));
    expect(foreign.code).toBe('INVALID_ARGUMENT');
  });

  describe('products and their batches', () => {
    beforeAll(async () => {
      for (const product of [GTIN_C, GTIN_B]) {
        await d.submit('manufacturer', Tx.RegisterProduct, product, 'P', 'tablet', '1 mg', '10');
      }
      await d.submit(
        'manufacturer2',
        Tx.RegisterProduct,
        OTHER_MAKERS_GTIN,
        'Other',
        'capsule',
        '2 mg',
        '30',
      );
      await commission(d, ['B1'], 'LOT-B');
      await commission(d, ['A1'], 'LOT-A');
      await d.submit('manufacturer', Tx.CommissionPacks, GTIN_B, 'LOT-OF-B', EXPIRY, '["X1"]');
      await d.submit('manufacturer', Tx.RecallBatch, GTIN, 'LOT-B', 'contamination');
    });

    it('lists the calling manufacturer’s products only, by GTIN, a page at a time', async () => {
      const first = await d.evaluate<Page<Product>>('manufacturer', Tx.ListProducts, '', '2', '');
      expect(first.items.map((product) => product.gtin)).toEqual([GTIN, GTIN_B]);
      expect(first.count).toBe(2);
      const second = await d.evaluate<Page<Product>>(
        'manufacturer',
        Tx.ListProducts,
        '',
        '2',
        first.bookmark,
      );
      expect(second.items.map((product) => product.gtin)).toEqual([GTIN_C]);
      expect(second.bookmark).toBe('');
      const others = await d.evaluate<Page<Product>>('manufacturer2', Tx.ListProducts, '', '', '');
      expect(others.items.map((product) => product.gtin)).toEqual([OTHER_MAKERS_GTIN]);
    });

    it('lets the regulator name a manufacturer, and refuses another manufacturer', async () => {
      const named = await d.evaluate<Page<Product>>(
        'regulator',
        Tx.ListProducts,
        PARTIES.manufacturer2.gln,
        '',
        '',
      );
      expect(named.items.map((product) => product.manufacturer)).toEqual([
        PARTIES.manufacturer2.gln,
      ]);
      const refused = await refusal(
        d.evaluate('manufacturer2', Tx.ListProducts, PARTIES.manufacturer.gln, '', ''),
      );
      expect(refused.code).toBe('NOT_PERMITTED');
      expect((await refusal(d.evaluate('pharmacy', Tx.ListProducts, '', '', ''))).code).toBe(
        'ROLE_FORBIDDEN',
      );
    });

    it('lists a product’s batches only, by lot, with their status', async () => {
      const page = await d.evaluate<Page<Batch>>(
        'manufacturer',
        Tx.ListProductBatches,
        GTIN,
        '',
        '',
      );
      expect(page.items.map((batch) => [batch.lot, batch.status])).toEqual([
        ['LOT-42A', 'active'],
        ['LOT-A', 'active'],
        ['LOT-B', 'recalled'],
      ]);
      expect(page.count).toBe(3);
      expect(page.bookmark).toBe('');
      const first = await d.evaluate<Page<Batch>>(
        'regulator',
        Tx.ListProductBatches,
        GTIN,
        '1',
        '',
      );
      expect(first.items.map((batch) => batch.lot)).toEqual(['LOT-42A']);
      expect(first.bookmark).not.toBe('');
      const ofB = await d.evaluate<Page<Batch>>(
        'manufacturer',
        Tx.ListProductBatches,
        GTIN_B,
        '',
        '',
      );
      expect(ofB.items.map((batch) => batch.lot)).toEqual(['LOT-OF-B']);
      expect(
        (await d.evaluate<Page<Batch>>('manufacturer', Tx.ListProductBatches, GTIN_C, '', ''))
          .items,
      ).toEqual([]);
    });

    it('refuses another manufacturer’s product and an unknown one', async () => {
      const foreign = await refusal(
        d.evaluate('manufacturer2', Tx.ListProductBatches, GTIN, '', ''),
      );
      expect(foreign.code).toBe('NOT_PRODUCT_OWNER');
      const unknown = await refusal(
        d.evaluate('manufacturer', Tx.ListProductBatches, gtin('0950600099999'), '', ''),
      );
      expect(unknown.code).toBe('PRODUCT_NOT_FOUND');
    });
  });
});
