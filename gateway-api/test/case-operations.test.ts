import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';
import { epcisSchemaValidator, eventListOf, sscc } from './support/epcis-capture';

const GTIN = '09506000134352';

interface PackItem {
  type: 'pack';
  gtin: string;
  serial: string;
}

const packItem = (serial: string): PackItem => ({ type: 'pack', gtin: GTIN, serial });
const codeOf = (serial: string, lot: string): string =>
  `(01)${GTIN}(17)${EXPIRY}(10)${lot}(21)${serial}`;

/**
 * Whole cases, lists of packs, and verify-and-dispense over HTTP, on whichever ledger `LEDGER`
 * selects: the pharmacist scans a case label, sees its packs' verdicts and dispenses the case.
 */
describe('whole cases and many packs over the API', () => {
  let gw: TestGateway;
  let lots = 0;
  let cases = 400;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());

  /** Commissions packs under a new lot and returns their serials and the lot. */
  async function commission(count: number): Promise<{ lot: string; serials: string[] }> {
    lots += 1;
    const lot = `LOT-CO${String(lots)}`;
    const serials = Array.from({ length: count }, (_, i) => `CO${String(lots)}-${String(i)}`);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot, expiry: EXPIRY, serials })
      .expect(201);
    return { lot, serials };
  }

  async function deliver(to: string, items: object[]): Promise<void> {
    const shipment = await as(gw, 'manufacturer').post('/shipments', { to: gw.gln[to], items });
    expect(shipment.status).toBe(201);
    await as(gw, to)
      .post(`/shipments/${shipment.body.id as string}/receive`, { received: items })
      .expect(200);
  }

  /** A case of `count` new packs delivered to `to`. */
  async function deliveredCase(
    count: number,
    to = 'pharmacist',
  ): Promise<{ sscc: string; lot: string; serials: string[] }> {
    const { lot, serials } = await commission(count);
    cases += 1;
    const code = sscc(String(cases));
    await as(gw, 'manufacturer')
      .post('/containers', { sscc: code, kind: 'case', children: serials.map(packItem) })
      .expect(201);
    await deliver(to, [{ type: 'container', sscc: code }]);
    return { sscc: code, lot, serials };
  }

  async function statusOf(serial: string): Promise<string> {
    const view = await as(gw, 'regulator').get(`/packs/${GTIN}/${serial}`).expect(200);
    return (view.body as { pack: { status: string } }).pack.status;
  }

  it('shows a case’s packs’ verdicts, then dispenses the whole case in one transaction', async () => {
    const delivered = await deliveredCase(3);
    const verdicts = await as(gw, 'pharmacist')
      .post(`/containers/${delivered.sscc}/verify`)
      .expect(200);
    expect(verdicts.body).toMatchObject({ sscc: delivered.sscc, total: 3, doNotSupply: 0 });

    const before = await gw.height();
    const done = await as(gw, 'pharmacist')
      .post(`/containers/${delivered.sscc}/dispense`)
      .expect(200);
    expect(await gw.height()).toBe(before + 1);
    expect(done.body).toMatchObject({ sscc: delivered.sscc, reason: 'dispensed', count: 3 });
    for (const serial of delivered.serials) {
      expect(await statusOf(serial)).toBe('inactive');
    }
  });

  it('records a whole case dispensed as EPCIS 2.0: one ObjectEvent of its packs and the case emptied', async () => {
    const delivered = await deliveredCase(2);
    await as(gw, 'pharmacist').post(`/containers/${delivered.sscc}/dispense`).expect(200);
    const validate = await epcisSchemaValidator();
    const response = await as(gw, 'pharmacist')
      .get(
        `/epcis/events?EQ_bizStep=dispensing&MATCH_parentID=${encodeURIComponent(`https://id.gs1.org/00/${delivered.sscc}`)}`,
      )
      .expect(200);
    expect({ valid: validate(response.body), errors: validate.errors ?? null }).toEqual({
      valid: true,
      errors: null,
    });
    expect(eventListOf(response.body)).toEqual([
      expect.objectContaining({
        type: 'AggregationEvent',
        action: 'DELETE',
        bizStep: 'dispensing',
      }),
    ]);
    const packs = await as(gw, 'pharmacist')
      .get(
        `/epcis/events?EQ_bizStep=dispensing&MATCH_epc=${encodeURIComponent(`https://id.gs1.org/01/${GTIN}/21/${delivered.serials[1] ?? ''}`)}`,
      )
      .expect(200);
    const [dispensing] = eventListOf(packs.body).filter((event) => event.type === 'ObjectEvent');
    expect(dispensing).toMatchObject({ action: 'OBSERVE', disposition: 'dispensed' });
    expect(dispensing?.['epcList']).toHaveLength(2);
  });

  it('refuses the whole case with every failing pack when one is under investigation (422)', async () => {
    const delivered = await deliveredCase(2);
    const suspect = delivered.serials[0] ?? '';
    await as(gw, 'pharmacist')
      .post('/alerts', { gtin: GTIN, serial: suspect, note: 'seal broken' })
      .expect(201);
    const refused = await as(gw, 'pharmacist')
      .post(`/containers/${delivered.sscc}/dispense`)
      .expect(422);
    expect(refused.body.error.code).toBe('ITEM_QUARANTINED');
    expect(refused.body.error.details.failures).toEqual([
      expect.objectContaining({ gtin: GTIN, serial: suspect, code: 'ITEM_QUARANTINED' }),
    ]);
    expect(await statusOf(delivered.serials[1] ?? '')).toBe('active');
  });

  it('decommissions a whole case with a reason, and refuses a reason that is not one', async () => {
    const delivered = await deliveredCase(2, 'distributor');
    await as(gw, 'distributor')
      .post(`/containers/${delivered.sscc}/decommission`, { reason: 'lost', note: '' })
      .expect(400);
    const done = await as(gw, 'distributor')
      .post(`/containers/${delivered.sscc}/decommission`, { reason: 'exported', note: 'to CH' })
      .expect(200);
    expect(done.body).toMatchObject({ reason: 'exported', count: 2 });
  });

  it('refuses a role that may not dispense, before the ledger (403)', async () => {
    const delivered = await deliveredCase(1, 'distributor');
    await as(gw, 'distributor').post(`/containers/${delivered.sscc}/dispense`).expect(403);
  });

  it('dispenses and decommissions lists of loose packs, all or nothing', async () => {
    const { serials } = await commission(4);
    await deliver('pharmacist', serials.map(packItem));
    const [a, b, c, d] = serials as [string, string, string, string];
    await as(gw, 'pharmacist')
      .post('/packs/dispense', { packs: [a, b].map(packItem) })
      .expect(200);
    const refused = await as(gw, 'pharmacist')
      .post('/packs/decommission', { packs: [c, a].map(packItem), reason: 'destroyed', note: '' })
      .expect(422);
    expect(refused.body.error.details.failures).toEqual([
      expect.objectContaining({ serial: a, code: 'ITEM_NOT_ACTIVE' }),
    ]);
    expect(await statusOf(c)).toBe('active');
    await as(gw, 'pharmacist')
      .post('/packs/decommission', { packs: [c, d].map(packItem), reason: 'destroyed', note: '' })
      .expect(200);
    expect(await statusOf(d)).toBe('inactive');
  });

  it('refuses a list longer than one transaction may carry (400)', async () => {
    const packs = Array.from({ length: 501 }, (_, i) => packItem(`NONE-${String(i)}`));
    await as(gw, 'pharmacist').post('/packs/dispense', { packs }).expect(400);
  });

  it('verifies and dispenses a pack in one transaction', async () => {
    const { lot, serials } = await commission(1);
    const serial = serials[0] ?? '';
    await deliver('pharmacist', [packItem(serial)]);
    const before = await gw.height();
    const answer = await as(gw, 'pharmacist')
      .post('/dispensations', { code: codeOf(serial, lot) })
      .expect(201);
    expect(await gw.height()).toBe(before + 1);
    expect(answer.body).toMatchObject({
      verdict: 'AUTHENTIC_ACTIVE',
      scan: { alertId: null },
      dispensed: { status: 'inactive', decommission: { reason: 'dispensed' } },
    });
  });

  it('records a counterfeit code’s scan and alert at the counter, dispensing nothing', async () => {
    const answer = await as(gw, 'pharmacist')
      .post('/dispensations', { code: codeOf('NEVER-MADE', 'LOT-CO1') })
      .expect(201);
    expect(answer.body.verdict).toBe('DO_NOT_SUPPLY');
    expect(answer.body.dispensed).toBeNull();
    const alert = await as(gw, 'regulator')
      .get(`/alerts/${answer.body.scan.alertId as string}`)
      .expect(200);
    expect(alert.body.items).toEqual([{ type: 'pack', gtin: GTIN, serial: 'NEVER-MADE' }]);
  });
});
