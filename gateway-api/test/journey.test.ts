import { GS } from '@packtrace/gs1';
import { EXPIRY, as, startGateway, type TestGateway } from './support/test-gateway';

const GTIN = '09506000134352';
const CASE = '095060000000000114';

describe('the four roles’ journey through the API', () => {
  let gw: TestGateway;
  let shipmentToDistributor: string;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.stop());

  it('tells a signed-in user who they are on the ledger', async () => {
    const me = await as(gw, 'pharmacist').get('/me').expect(200);
    expect(me.body).toMatchObject({
      username: 'pharmacist',
      role: 'pharmacy',
      mspId: 'PharmacyMSP',
      party: { name: 'Central Pharmacy' },
    });
  });

  it('lets the manufacturer register GS1’s example GTIN and commission packs', async () => {
    await as(gw, 'manufacturer')
      .post('/products', {
        gtin: GTIN,
        name: 'Paracetamol 500 mg',
        form: 'tablet',
        strength: '500 mg',
        packSize: 20,
      })
      .expect(201);
    const batch = await as(gw, 'manufacturer')
      .post('/batches', {
        gtin: GTIN,
        lot: 'LOT-42A',
        expiry: EXPIRY,
        serials: ['S1', 'S2', 'S3'],
      })
      .expect(201);
    expect(batch.body).toMatchObject({ created: 3, alreadyPresent: 0, batch: { lot: 'LOT-42A' } });
    expect(batch.headers['x-transaction-id']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('generates random serials that meet the EU randomisation rule when given a count', async () => {
    const batch = await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'LOT-R', expiry: EXPIRY, count: 50 })
      .expect(201);
    const serials = batch.body.serials as string[];
    expect(new Set(serials).size).toBe(50);
    expect(serials.every((serial) => /^[0-9A-Z]{12}$/.test(serial))).toBe(true);
  });

  it('packs a case and ships it; custody passes only on receipt', async () => {
    await as(gw, 'manufacturer')
      .post('/containers', {
        sscc: CASE,
        kind: 'case',
        children: [
          { type: 'pack', gtin: GTIN, serial: 'S1' },
          { type: 'pack', gtin: GTIN, serial: 'S2' },
        ],
      })
      .expect(201);
    const shipment = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['distributor'], items: [{ type: 'container', sscc: CASE }] })
      .expect(201);
    shipmentToDistributor = shipment.body.id as string;
    const incoming = await as(gw, 'distributor').get('/shipments?direction=in').expect(200);
    expect(incoming.body.items.map((s: { id: string }) => s.id)).toEqual([shipmentToDistributor]);
    await as(gw, 'distributor')
      .post(`/shipments/${shipmentToDistributor}/receive`, {
        received: [{ type: 'container', sscc: CASE }],
      })
      .expect(200);
  });

  it('moves the case on to the pharmacy, which opens it', async () => {
    const onward = await as(gw, 'distributor')
      .post('/shipments', { to: gw.gln['pharmacist'], items: [{ type: 'container', sscc: CASE }] })
      .expect(201);
    await as(gw, 'pharmacist')
      .post(`/shipments/${onward.body.id as string}/receive`, {
        received: [{ type: 'container', sscc: CASE }],
      })
      .expect(200);
    await as(gw, 'pharmacist').post(`/containers/${CASE}/unpack`).expect(200);
    const inventory = await as(gw, 'pharmacist').get('/inventory').expect(200);
    expect(inventory.body.items.map((p: { serial: string }) => p.serial).sort()).toEqual([
      'S1',
      'S2',
    ]);
  });

  it('verifies a scanned DataMatrix as genuine, then dispenses it once', async () => {
    const code = `]d201${GTIN}17${EXPIRY}` + `10LOT-42A${GS}21S1`;
    const verdict = await as(gw, 'pharmacist').post('/verify', { code }).expect(200);
    expect(verdict.body).toMatchObject({
      verdict: 'AUTHENTIC_ACTIVE',
      product: { name: 'Paracetamol 500 mg' },
      batch: { lot: 'LOT-42A' },
    });
    await as(gw, 'pharmacist').post(`/packs/${GTIN}/S1/dispense`).expect(200);
    const again = await as(gw, 'pharmacist').post('/verify', { code }).expect(200);
    expect(again.body.reasons.map((r: { code: string }) => r.code)).toEqual(['PACK_INACTIVE']);
  });

  it('turns a second scan of a dispensed pack into an alert the regulator resolves', async () => {
    const scan = await as(gw, 'pharmacist')
      .post('/scans', { code: `https://any.example/01/${GTIN}/10/LOT-42A/21/S1?17=${EXPIRY}` })
      .expect(201);
    const alertId = scan.body.scan.alertId as string;
    const open = await as(gw, 'regulator').get('/alerts?status=open').expect(200);
    expect(open.body.items.map((a: { id: string }) => a.id)).toContain(alertId);
    const resolved = await as(gw, 'regulator')
      .post(`/alerts/${alertId}/resolve`, { outcome: 'confirmed', note: 'cloned code' })
      .expect(200);
    expect(resolved.body.status).toBe('confirmed');
  });

  it('shows the provenance to holders and the regulator, oldest first', async () => {
    const history = await as(gw, 'regulator').get(`/packs/${GTIN}/S1/history`).expect(200);
    const actions = history.body.events.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('commissioned');
    expect(actions).toEqual(
      expect.arrayContaining(['packed', 'shipped', 'received', 'unpacked', 'dispensed', 'scanned']),
    );
  });

  it('recalls a batch: verification refuses its packs', async () => {
    await as(gw, 'manufacturer')
      .post(`/batches/${GTIN}/LOT-42A/recall`, { reason: 'contamination' })
      .expect(200);
    const verdict = await as(gw, 'pharmacist')
      .post('/verify', { code: `(01)${GTIN}(17)${EXPIRY}(10)LOT-42A(21)S2` })
      .expect(200);
    expect(verdict.body.reasons.map((r: { code: string }) => r.code)).toEqual(['BATCH_RECALLED']);
  });

  it('lets the regulator suspend and re-authorise a party', async () => {
    await as(gw, 'regulator')
      .post(`/parties/${gw.gln['distributor'] ?? ''}/suspend`, { reason: 'audit' })
      .expect(200);
    const party = await as(gw, 'pharmacist')
      .get(`/parties/${gw.gln['distributor'] ?? ''}`)
      .expect(200);
    expect(party.body.status).toBe('suspended');
    await as(gw, 'regulator')
      .post(`/parties/${gw.gln['distributor'] ?? ''}/authorise`, { reason: 'cleared' })
      .expect(200);
  });
});
