import { BatchSchema } from '../src/schemas/batch-schema';
import { pageOf, ShipmentPageSchema } from '../src/schemas/page-schema';
import { ProductSchema } from '../src/schemas/product-schema';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const pack = (serial: string) => ({ type: 'pack', gtin: GTIN, serial });

describe('lists over the API: shipments by direction and status, products, batches', () => {
  let gw: TestGateway;
  let received: string;
  let travelling: string;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    for (const lot of ['LA', 'LB']) {
      await as(gw, 'manufacturer')
        .post('/batches', { gtin: GTIN, lot, expiry: EXPIRY, serials: [`${lot}1`, `${lot}2`] })
        .expect(201);
    }
    const ship = async (serial: string) =>
      (
        await as(gw, 'manufacturer')
          .post('/shipments', { to: gw.gln['distributor'], items: [pack(serial)] })
          .expect(201)
      ).body.id as string;
    received = await ship('LA1');
    travelling = await ship('LA2');
    await as(gw, 'distributor')
      .post(`/shipments/${received}/receive`, { received: [pack('LA1')] })
      .expect(200);
  });
  afterAll(async () => gw.stop());

  it('answers what is coming to me: incoming shipments in transit, on the first page', async () => {
    const answer = await as(gw, 'distributor')
      .get('/shipments?direction=in&status=in_transit&pageSize=1')
      .expect(200);
    const page = ShipmentPageSchema.parse(answer.body);
    expect(page.items.map((shipment) => shipment.id)).toEqual([travelling]);
    expect(page).toMatchObject({ count: 1, bookmark: '' });

    const outgoing = await as(gw, 'manufacturer')
      .get('/shipments?direction=out&status=received')
      .expect(200);
    expect(ShipmentPageSchema.parse(outgoing.body).items.map((shipment) => shipment.id)).toEqual([
      received,
    ]);
    const all = await as(gw, 'distributor').get('/shipments?direction=in').expect(200);
    expect(ShipmentPageSchema.parse(all.body).items.map((shipment) => shipment.id)).toEqual([
      received,
      travelling,
    ]);
  });

  it('refuses an unknown status and an unknown query parameter', async () => {
    const status = await as(gw, 'distributor').get('/shipments?status=lost').expect(400);
    expect(status.body.error.code).toBe('VALIDATION_FAILED');
    const unknown = await as(gw, 'distributor').get('/shipments?sort=desc').expect(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    const products = await as(gw, 'manufacturer').get('/products?status=active').expect(400);
    expect(products.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lists my products, and a product’s batches, to its manufacturer', async () => {
    const products = await as(gw, 'manufacturer').get('/products').expect(200);
    const productPage = pageOf(ProductSchema, 'Product').parse(products.body);
    expect(productPage.items.map((product) => product.gtin)).toEqual([GTIN]);

    const batches = await as(gw, 'manufacturer')
      .get(`/products/${GTIN}/batches?pageSize=1`)
      .expect(200);
    const first = pageOf(BatchSchema, 'Batch').parse(batches.body);
    expect(first.items.map((batch) => batch.lot)).toEqual(['LA']);
    expect(first.bookmark).not.toBe('');
    const next = await as(gw, 'manufacturer')
      .get(`/products/${GTIN}/batches`)
      .query({ pageSize: 1, bookmark: first.bookmark })
      .expect(200);
    expect(next.body).toMatchObject({ items: [expect.objectContaining({ lot: 'LB' })], count: 1 });
    expect(next.body.bookmark).toBe('');
  });

  it('refuses product lists to those the ledger refuses them to', async () => {
    const pharmacy = await as(gw, 'pharmacist').get('/products').expect(403);
    expect(pharmacy.body.error.code).toBe('ROLE_FORBIDDEN');
    const other = await as(gw, 'manufacturer2').get(`/products/${GTIN}/batches`).expect(403);
    expect(other.body.error.code).toBe('NOT_PRODUCT_OWNER');
    const named = await as(gw, 'manufacturer2')
      .get(`/products?manufacturer=${gw.gln['manufacturer']}`)
      .expect(403);
    expect(named.body.error.code).toBe('NOT_PERMITTED');
  });
});
