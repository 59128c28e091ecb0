import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { EXPIRY, as, startGateway, type TestGateway } from './support/test-gateway';
import { loadEpcisSchema } from './support/epcis-schema';

const GTIN = '09506000134352';
const CASE = '095060000000000114';

describe('a pack’s history as GS1 EPCIS 2.0', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    const m = as(gw, 'manufacturer');
    await m
      .post('/products', { gtin: GTIN, name: 'P', form: 'tablet', strength: '1 mg', packSize: 10 })
      .expect(201);
    await m
      .post('/batches', { gtin: GTIN, lot: 'L1', expiry: EXPIRY, serials: ['X1', 'X2'] })
      .expect(201);
    await m
      .post('/containers', {
        sscc: CASE,
        kind: 'case',
        children: [{ type: 'pack', gtin: GTIN, serial: 'X1' }],
      })
      .expect(201);
    const shipment = await m
      .post('/shipments', { to: gw.gln['pharmacist'], items: [{ type: 'container', sscc: CASE }] })
      .expect(201);
    await as(gw, 'pharmacist')
      .post(`/shipments/${shipment.body.id as string}/receive`, {
        received: [{ type: 'container', sscc: CASE }],
      })
      .expect(200);
    await as(gw, 'pharmacist').post(`/containers/${CASE}/unpack`).expect(200);
    await as(gw, 'pharmacist').post(`/packs/${GTIN}/X1/dispense`).expect(200);
  }, 60000);
  afterAll(async () => gw.stop());

  it('exports a document that validates against GS1’s published EPCIS 2.0 JSON Schema', async () => {
    const response = await as(gw, 'pharmacist').get(`/packs/${GTIN}/X1/epcis`).expect(200);
    expect(response.headers['content-type']).toContain('application/ld+json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(await loadEpcisSchema());
    const valid = validate(response.body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The same document with one impossible action must fail, or the check proves nothing.
    const broken = structuredClone(response.body);
    broken.epcisBody.eventList[0].action = 'JUMP';
    expect(validate(broken)).toBe(false);
  }, 60000);

  it('carries every step with CBV business steps, dispositions and parties', async () => {
    const document = (await as(gw, 'regulator').get(`/packs/${GTIN}/X1/epcis`).expect(200)).body;
    const events = document.epcisBody.eventList as Array<Record<string, unknown>>;
    expect(
      events.map((e) => `${String(e['type'])}:${String(e['action'])}:${String(e['bizStep'])}`),
    ).toEqual([
      'ObjectEvent:ADD:commissioning',
      'AggregationEvent:ADD:packing',
      'ObjectEvent:OBSERVE:shipping',
      'ObjectEvent:OBSERVE:receiving',
      'AggregationEvent:DELETE:unpacking',
      'ObjectEvent:OBSERVE:dispensing',
    ]);
    expect(events[2]).toMatchObject({
      epcList: [`https://id.gs1.org/00/${CASE}`],
      disposition: 'in_transit',
      sourceList: [
        { type: 'owning_party', source: `https://id.gs1.org/414/${gw.gln['manufacturer'] ?? ''}` },
      ],
    });
  });

  it('is refused to a party that never held the pack', async () => {
    const response = await as(gw, 'distributor').get(`/packs/${GTIN}/X1/epcis`);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('NOT_PERMITTED');
  });
});
