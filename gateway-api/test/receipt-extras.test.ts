// Issue 20, item 5: a receipt that lists another company's pack, never shipped to the receiver,
// must not quarantine it. Over HTTP, on whichever ledger LEDGER selects.
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const LOT = 'LOT-RCPT';

const items = (...serials: string[]) =>
  serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));

interface PackView {
  readonly pack: { readonly status: string; readonly custodian: string };
}

describe('a receipt that lists another company’s pack', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: ['RC1', 'RC2', 'RC3'] })
      .expect(201);
    // RC2 is the pharmacy's, delivered to it and never shipped to the distributor.
    const toPharmacy = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['pharmacist'], items: items('RC2') })
      .expect(201);
    await as(gw, 'pharmacist')
      .post(`/shipments/${toPharmacy.body.id as string}/receive`, { received: items('RC2') })
      .expect(200);
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('leaves that pack with its holder, in circulation, and reports it in the shipment’s alert', async () => {
    const shipment = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['distributor'], items: items('RC1') })
      .expect(201);
    const before = await as(gw, 'regulator').get(`/packs/${GTIN}/RC2/history`).expect(200);

    const received = await as(gw, 'distributor')
      .post(`/shipments/${shipment.body.id as string}/receive`, { received: items('RC1', 'RC2') })
      .expect(200);
    expect(received.body).toMatchObject({
      status: 'received_with_discrepancy',
      extra: items('RC2'),
    });

    const after = await as(gw, 'regulator').get(`/packs/${GTIN}/RC2/history`).expect(200);
    expect(after.body).toEqual(before.body);
    expect((after.body as PackView).pack).toMatchObject({
      status: 'active',
      custodian: gw.gln['pharmacist'],
    });
    const alert = await as(gw, 'regulator')
      .get(`/alerts/${received.body.alertId as string}`)
      .expect(200);
    expect(alert.body).toMatchObject({
      kind: 'shipment_discrepancy',
      reasons: ['EXTRA_ITEMS'],
      raisedBy: gw.gln['distributor'],
      items: items('RC2'),
      quarantined: [],
    });
    await as(gw, 'manufacturer')
      .get(`/alerts/${alert.body.id as string}`)
      .expect(200);
  });

  it('refuses, with 400 LIMIT_EXCEEDED and nothing written, a receipt naming more than 100 packs that are neither the shipment’s nor the receiver’s', async () => {
    const shipment = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['distributor'], items: items('RC3') })
      .expect(201);
    const height = await gw.height();
    const others = Array.from({ length: 101 }, (_, i) => `OTHER${i}`);
    const refused = await as(gw, 'distributor')
      .post(`/shipments/${shipment.body.id as string}/receive`, {
        received: items('RC3', ...others),
      })
      .expect(400);
    expect(refused.body.error.code).toBe('LIMIT_EXCEEDED');
    expect(await gw.height()).toBe(height);
    const unchanged = await as(gw, 'distributor')
      .get(`/shipments/${shipment.body.id as string}`)
      .expect(200);
    expect(unchanged.body.status).toBe('in_transit');
  });
});
