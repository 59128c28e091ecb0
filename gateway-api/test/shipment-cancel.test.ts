import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

describe('cancelling a shipment over the API', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'CX', expiry: EXPIRY, serials: ['CX1'] })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  it('lets the sender call a shipment back; its addressee can then no longer receive it', async () => {
    const items = [{ type: 'pack', gtin: GTIN, serial: 'CX1' }];
    const shipped = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['distributor'], items })
      .expect(201);
    const id = shipped.body.id as string;
    const foreign = await as(gw, 'distributor').post(`/shipments/${id}/cancel`).expect(403);
    expect(foreign.body.error.code).toBe('NOT_PERMITTED');

    const cancelled = await as(gw, 'manufacturer')
      .post(`/shipments/${id}/cancel`, { note: 'wrong address' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled' });
    expect(cancelled.headers['x-transaction-id']).toMatch(/^[0-9a-f]{64}$/);

    const receive = await as(gw, 'distributor')
      .post(`/shipments/${id}/receive`, { received: items })
      .expect(409);
    expect(receive.body.error.code).toBe('SHIPMENT_CANCELLED');
    const inventory = await as(gw, 'manufacturer').get('/inventory').expect(200);
    expect(inventory.body.items).toEqual([expect.objectContaining({ serial: 'CX1' })]);
  });
});
