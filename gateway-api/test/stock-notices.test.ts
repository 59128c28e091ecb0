import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const pack = (serial: string) => ({ type: 'pack', gtin: GTIN, serial });

describe('what a holder learns about its own stock over the API', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'SN', expiry: EXPIRY, serials: ['N1', 'N2'] })
      .expect(201);
    const items = [pack('N1'), pack('N2')];
    const shipped = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['distributor'], items })
      .expect(201);
    await as(gw, 'distributor')
      .post(`/shipments/${shipped.body.id as string}/receive`, { received: items })
      .expect(200);
  });
  afterAll(async () => gw.stop());

  it('lets the holder read an alert a scan elsewhere raised about its pack', async () => {
    const scan = await as(gw, 'pharmacist')
      .post('/scans', { code: `(01)${GTIN}(17)${EXPIRY}(10)SN(21)N1` })
      .expect(201);
    const alertId = scan.body.scan.alertId as string;
    const alert = await as(gw, 'distributor').get(`/alerts/${alertId}`).expect(200);
    expect(alert.body).toMatchObject({ custodians: [gw.gln['distributor']] });
    // The product's own manufacturer works the case (issue 25) and reads it; a party with no
    // stake in the pack, another manufacturer, still may not.
    await as(gw, 'manufacturer').get(`/alerts/${alertId}`).expect(200);
    await as(gw, 'manufacturer2').get(`/alerts/${alertId}`).expect(403);
  });

  it('lists the recalled stock a party holds', async () => {
    await as(gw, 'manufacturer')
      .post(`/batches/${GTIN}/SN/recall`, { reason: 'sterility' })
      .expect(200);
    const stock = await as(gw, 'distributor').get('/inventory/recalled').expect(200);
    expect(stock.body).toMatchObject({ count: 2, bookmark: '' });
    expect((stock.body.items as Array<{ serial: string }>).map((i) => i.serial).sort()).toEqual([
      'N1',
      'N2',
    ]);
    const none = await as(gw, 'pharmacist').get('/inventory/recalled').expect(200);
    expect(none.body).toMatchObject({ items: [], count: 0 });
  });
});
