/**
 * Issue 26, item 3: the patient's check without sign-in. Each pack state's answer, an unknown
 * code answered byte for byte as an unsold one, the per-address limit and the regulator's
 * lookup counts. On whichever ledger LEDGER selects.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const LOT = 'LOT-PC1';
const RECALLED_LOT = 'LOT-PC2';
/** Checks an address may make a minute in this suite. */
const PER_MINUTE = 40;

describe('the patient’s check of a pack', () => {
  let gw: TestGateway;

  const check = (serial: string, query = '') =>
    request(gw.app).get(`/api/v1/check/01/${GTIN}/21/${serial}${query}`);

  beforeAll(async () => {
    gw = await startGateway(undefined, { patientCheckRatePerMinute: PER_MINUTE });
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', {
        gtin: GTIN,
        lot: LOT,
        expiry: EXPIRY,
        serials: ['PC-SOLD', 'PC-UNSOLD', 'PC-SUSPECT', 'PC-GONE'],
      })
      .expect(201);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: RECALLED_LOT, expiry: EXPIRY, serials: ['PC-RECALLED'] })
      .expect(201);
    const items = [{ type: 'pack', gtin: GTIN, serial: 'PC-SOLD' }];
    const shipment = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['pharmacist'], items })
      .expect(201);
    await as(gw, 'pharmacist')
      .post(`/shipments/${shipment.body.id as string}/receive`, { received: items })
      .expect(200);
    await as(gw, 'pharmacist').post(`/packs/${GTIN}/PC-SOLD/dispense`).expect(200);
    await as(gw, 'manufacturer')
      .post(`/batches/${GTIN}/${RECALLED_LOT}/recall`, { reason: 'contamination' })
      .expect(200);
    await as(gw, 'manufacturer')
      .post('/alerts', { gtin: GTIN, serial: 'PC-SUSPECT', note: 'print looks wrong' })
      .expect(201);
    await as(gw, 'manufacturer')
      .post(`/packs/${GTIN}/PC-GONE/decommission`, { reason: 'destroyed', note: 'damaged' })
      .expect(200);
    await as(gw, 'manufacturer')
      .post(`/products/${GTIN}/links`, {
        links: [
          {
            linkType: 'gs1:epil',
            href: 'https://leaflets.example.com/p/en.pdf',
            title: 'Patient leaflet',
            language: 'en',
          },
          {
            linkType: 'gs1:epil',
            href: 'https://leaflets.example.com/p/fr.pdf',
            title: 'Notice',
            language: 'fr',
          },
        ],
      })
      .expect(200);
  });
  afterAll(async () => gw.stop());

  it('answers an unknown code byte for byte as an unsold, active pack, never calling it genuine', async () => {
    const unsold = await check('PC-UNSOLD').expect(200);
    const unknown = await check('PC-NEVER-MADE').expect(200);
    const unknownProduct = await request(gw.app)
      .get('/api/v1/check/01/09506000134376/21/PC-UNSOLD')
      .expect(200);
    expect(unknown.text).toBe(unsold.text);
    expect(unknownProduct.text).toBe(unsold.text);
    expect(unsold.body).toEqual({ status: 'no-record', message: expect.any(String) as string });
    expect(unsold.text).not.toMatch(/genuine|authentic|active/i);

    const unsoldPage = await request(gw.app).get(`/check/01/${GTIN}/21/PC-UNSOLD`).expect(200);
    const unknownPage = await request(gw.app).get(`/check/01/${GTIN}/21/PC-NEVER-MADE`).expect(200);
    expect(unknownPage.text).toBe(unsoldPage.text);
    expect(unsoldPage.headers['content-type']).toMatch(/^text\/html/);
  });

  it('tells a dispensed pack’s day and product, not which pharmacy', async () => {
    const sold = await check('PC-SOLD').expect(200);
    expect(sold.body).toMatchObject({ status: 'dispensed', product: 'P' });
    expect(sold.body.dispensedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sold.body.message).toBe(
      `Dispensed by a registered pharmacy on ${sold.body.dispensedOn as string}.`,
    );
    expect(sold.text).not.toContain(gw.gln['pharmacist'] ?? 'none');
    expect(sold.text).not.toMatch(/Central Pharmacy/);
  });

  it('still tells a dispensed pack as dispensed, without the day, when the gateway’s reader may not see its record', async () => {
    const other = await startGateway(undefined, { patientCheckReader: 'distributor' });
    try {
      await registerProduct(other);
      await as(other, 'manufacturer')
        .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: ['PC-SOLD'] })
        .expect(201);
      const items = [{ type: 'pack', gtin: GTIN, serial: 'PC-SOLD' }];
      const shipment = await as(other, 'manufacturer')
        .post('/shipments', { to: other.gln['pharmacist'], items })
        .expect(201);
      await as(other, 'pharmacist')
        .post(`/shipments/${shipment.body.id as string}/receive`, { received: items })
        .expect(200);
      await as(other, 'pharmacist').post(`/packs/${GTIN}/PC-SOLD/dispense`).expect(200);
      const sold = await request(other.app).get(`/api/v1/check/01/${GTIN}/21/PC-SOLD`).expect(200);
      expect(sold.body).toEqual({
        status: 'dispensed',
        message: 'Dispensed by a registered pharmacy.',
        product: 'P',
      });
    } finally {
      await other.stop();
    }
  });

  it('always tells a recalled batch, a pack under alert and a pack taken out of circulation', async () => {
    expect((await check('PC-RECALLED').expect(200)).body).toMatchObject({
      status: 'recalled',
      product: 'P',
    });
    expect((await check('PC-SUSPECT').expect(200)).body).toMatchObject({
      status: 'do-not-use',
      product: 'P',
    });
    expect((await check('PC-GONE').expect(200)).body).toMatchObject({
      status: 'out-of-circulation',
      product: 'P',
    });
  });

  it('links the product’s leaflet in the patient’s language, only where the product is named', async () => {
    const french = await check('PC-RECALLED').set('Accept-Language', 'fr-BE, en;q=0.5');
    expect(french.body).toMatchObject({ leaflet: 'https://leaflets.example.com/p/fr.pdf' });
    const other = await check('PC-GONE').set('Accept-Language', 'de');
    expect(other.body).toMatchObject({ leaflet: 'https://leaflets.example.com/p/en.pdf' });
    const page = await request(gw.app).get(`/check/01/${GTIN}/21/PC-RECALLED`);
    expect(page.text).toContain('href="https://leaflets.example.com/p/en.pdf"');
    expect((await check('PC-UNSOLD').set('Accept-Language', 'fr')).body).not.toHaveProperty(
      'leaflet',
    );
  });

  it('shows the answer on a page a phone can read, without sign-in, script or other sites', async () => {
    const page = await request(gw.app).get(`/check/01/${GTIN}/21/PC-RECALLED`).expect(200);
    expect(page.text).toContain('name="viewport"');
    expect(page.text).toContain('data-status="recalled"');
    expect(page.text).not.toMatch(/<script|<link[^>]+https?:|<img/);
    await request(gw.app)
      .get('/check/check.css')
      .expect(200)
      .expect('Content-Type', /text\/css/);
  });

  it('counts lookups per pack and stated country for the regulator only, keeping no address', async () => {
    await check('PC-UNSOLD', '?country=BR').expect(200);
    await as(gw, 'pharmacist').get('/check-lookups').expect(403);
    await request(gw.app).get('/api/v1/check-lookups').expect(401);
    const report = await as(gw, 'regulator').get('/check-lookups?threshold=100').expect(200);
    expect(report.body.packs).toEqual([
      {
        gtin: GTIN,
        serial: 'PC-UNSOLD',
        count: 4,
        origins: [
          { origin: 'unstated', count: 3 },
          { origin: 'BR', count: 1 },
        ],
      },
    ]);
    const busy = await as(gw, 'regulator').get('/check-lookups?threshold=1').expect(200);
    expect((busy.body.packs as { serial: string }[]).map((p) => p.serial)).toContain('PC-UNSOLD');
    expect(JSON.stringify(busy.body)).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('is where a phone following the pack’s Digital Link URI through the resolver lands', async () => {
    const server = createServer(gw.app).listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
      const landed = await fetch(`${base}/01/${GTIN}/10/${RECALLED_LOT}/21/PC-RECALLED`, {
        headers: { Accept: 'text/html' },
        redirect: 'follow',
      });
      expect(landed.status).toBe(200);
      expect(new URL(landed.url).pathname).toBe(`/check/01/${GTIN}/21/PC-RECALLED`);
      expect(new URL(landed.url).searchParams.get('lot')).toBe(RECALLED_LOT);
      expect(await landed.text()).toContain('data-status="recalled"');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 429 with Retry-After once an address has made its checks this minute', async () => {
    let status = 200;
    let made = 0;
    let limited: request.Response | undefined;
    while (status === 200 && made <= PER_MINUTE) {
      limited = await check('PC-UNSOLD');
      status = limited.status;
      made += 1;
    }
    expect(status).toBe(429);
    expect(made).toBeLessThanOrEqual(PER_MINUTE + 1);
    expect(limited?.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited?.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    await request(gw.app).get(`/check/01/${GTIN}/21/PC-UNSOLD`).expect(429);
  });
});
