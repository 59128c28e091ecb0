import type { ValidateFunction } from 'ajv';
import {
  GTIN,
  captureEvents,
  caseUri,
  commissioningFields,
  epcisClock,
  epcisSchemaValidator,
  eventIdOf,
  eventListOf,
  packUri,
  shippingFields,
  sscc,
  stamped,
  startEpcisGateway,
  type CapturedEvent,
  type EpcisEvent,
} from './support/epcis-capture';
import { as, type TestGateway } from './support/test-gateway';

/** A day ago, on the hour. */
const timeAt = epcisClock(24);

type Event = EpcisEvent;
type JobEvent = CapturedEvent;

let n = 0;
/** An event with its own id, at `hour` hours after the suite's base. */
function event(hour: number, fields: Event): Event {
  n += 1;
  return stamped(eventIdOf('7b2c3d4e', n), timeAt(hour), fields);
}

/**
 * What a pharma flow sends that the ledger did not take before (issue 22, item 10): a case
 * received at the dock observed with its children, ObjectEvent ADD at receiving, inspections
 * with the fields of GS1's richest examples. Each is recorded: as the receipt it is, or as an
 * observation the ledger keeps without acting on it; only what contradicts the ledger is refused.
 */
describe('EPCIS patterns of a pharma flow', () => {
  let gw: TestGateway;
  let validate: ValidateFunction;

  beforeAll(async () => {
    gw = await startEpcisGateway();
    validate = await epcisSchemaValidator();
  }, 120000);
  afterAll(async () => gw.stop());

  const capture = (user: string, events: Event[]): Promise<JobEvent[]> =>
    captureEvents(gw, user, events, timeAt(0));
  const outcome = (e: JobEvent): string =>
    e.error === undefined
      ? `${e.status}${e.step === undefined ? '' : `:${e.step}`}`
      : `${e.status}:${e.error.code}`;
  const commission = (hour: number, serials: string[]) =>
    event(hour, commissioningFields(serials, 'OB1'));
  const ship = (hour: number, epcs: string[], to = 'distributor') =>
    event(hour, shippingFields(epcs, gw.gln[to] ?? ''));
  const observeCase = (hour: number, parent: string, children: string[]) =>
    event(hour, {
      type: 'AggregationEvent',
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      parentID: parent,
      childEPCs: children,
    });
  async function query(user: string, params: string): Promise<Event[]> {
    const response = await as(gw, user).get(`/epcis/events?${params}`).expect(200);
    return eventListOf(response.body);
  }
  /** The query's answer, which must be a document GS1's schema takes. */
  async function validQuery(user: string, params: string): Promise<Event[]> {
    const response = await as(gw, user).get(`/epcis/events?${params}`).expect(200);
    expect({ valid: validate(response.body), errors: validate.errors ?? null }).toEqual({
      valid: true,
      errors: null,
    });
    return eventListOf(response.body);
  }
  /** Each pack's custodian and status, as the regulator reads them. */
  async function packStates(serials: string[]): Promise<string[]> {
    return Promise.all(
      serials.map(async (serial) => {
        const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/${serial}`).expect(200);
        const { custodian, status } = pack.body.pack as { custodian: string; status: string };
        return `${serial}:${custodian}:${status}`;
      }),
    );
  }

  it('receives a case observed at the dock with its children, and answers the event as captured', async () => {
    const made = await capture('manufacturer', [
      commission(1, ['OB1', 'OB2', 'OB3']),
      event(1, {
        type: 'AggregationEvent',
        action: 'ADD',
        bizStep: 'packing',
        parentID: caseUri('71'),
        childEPCs: [packUri('OB1'), packUri('OB2')],
      }),
      ship(2, [caseUri('71')]),
    ]);
    expect(made.map(outcome)).toEqual([
      'recorded:commissioning',
      'recorded:packing',
      'recorded:shipping',
    ]);
    const shipmentId = (made[2] as { txId?: string }).txId ?? '';

    // A child the case does not hold contradicts the ledger: refused whole, nothing received.
    const height = await gw.height();
    const wrong = await capture('distributor', [
      observeCase(3, caseUri('71'), [packUri('OB1'), packUri('OB3')]),
    ]);
    expect(wrong.map(outcome)).toEqual(['refused:INVALID_AGGREGATION']);
    expect(await gw.height()).toBe(height);

    const dock = observeCase(3, caseUri('71'), [packUri('OB1'), packUri('OB2')]);
    expect((await capture('distributor', [dock])).map(outcome)).toEqual(['recorded:receiving']);
    const shipment = await as(gw, 'distributor').get(`/shipments/${shipmentId}`).expect(200);
    expect(shipment.body).toMatchObject({ status: 'received', alertId: null });
    const container = await as(gw, 'regulator')
      .get(`/containers/${sscc('71')}`)
      .expect(200);
    expect(container.body).toMatchObject({ custodian: gw.gln['distributor'] });

    const answered = await query(
      'distributor',
      `MATCH_anyEPC=${caseUri('71')}&EQ_bizStep=receiving`,
    );
    expect(answered).toEqual([
      expect.objectContaining({
        type: 'AggregationEvent',
        eventID: dock['eventID'],
        action: 'OBSERVE',
        parentID: caseUri('71'),
        childEPCs: [packUri('OB1'), packUri('OB2')],
      }),
    ]);
  }, 60000);

  it('takes an ObjectEvent ADD at receiving as the receipt it is', async () => {
    await capture('manufacturer', [commission(4, ['OB4']), ship(4, [packUri('OB4')])]);
    const added = await capture('distributor', [
      event(5, {
        type: 'ObjectEvent',
        action: 'ADD',
        bizStep: 'receiving',
        disposition: 'active',
        epcList: [packUri('OB4')],
      }),
    ]);
    expect(added.map(outcome)).toEqual(['recorded:receiving']);
    const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/OB4`).expect(200);
    expect(pack.body.pack).toMatchObject({ custodian: gw.gln['distributor'], status: 'active' });
  }, 60000);

  it('keeps an inspection, with fields the ledger does not act on, as an observation its holders see', async () => {
    await capture('manufacturer', [commission(6, ['OB5'])]);
    const inspection = event(7, {
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'inspecting',
      disposition: 'active',
      epcList: [`urn:epc:id:sgtin:9506000.013435.OB5`],
      readPoint: { id: 'https://id.gs1.org/414/9506000000039' },
      bizTransactionList: [
        { type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:9506000000039:PO-7' },
      ],
      sensorElementList: [
        {
          sensorMetadata: { time: timeAt(7) },
          sensorReport: [{ type: 'gs1:Temperature', value: 6.5, uom: 'CEL' }],
        },
      ],
    });
    const before = await gw.height();
    const kept = await capture('distributor', [inspection]);
    expect(kept.map(outcome)).toEqual(['recorded:observation']);
    expect(await gw.height()).toBe(before + 1);
    // It changed nothing the ledger acts on.
    const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/OB5`).expect(200);
    expect(pack.body.pack).toMatchObject({ custodian: gw.gln['manufacturer'], status: 'active' });

    const expected = expect.objectContaining({
      type: 'ObjectEvent',
      eventID: inspection['eventID'],
      eventTime: inspection['eventTime'],
      action: 'OBSERVE',
      bizStep: 'inspecting',
      disposition: 'active',
      epcList: [packUri('OB5')],
      readPoint: { id: 'https://id.gs1.org/414/9506000000039' },
    });
    const params = `EQ_bizStep=inspecting&MATCH_epc=${packUri('OB5')}`;
    // The party that captured it, the pack's holder and the regulator see it; no one else.
    expect(await query('distributor', params)).toEqual([expected]);
    expect(await query('manufacturer', params)).toEqual([expected]);
    expect(await query('regulator', params)).toEqual([expected]);
    expect(await query('pharmacist', params)).toEqual([]);

    // Posted again, it is the same event: nothing written.
    const height = await gw.height();
    expect((await capture('distributor', [inspection])).map((e) => e.status)).toEqual([
      'already_recorded',
    ]);
    expect(await gw.height()).toBe(height);
  }, 60000);

  it('keeps an observation naming as many items as a list may hold, a parent besides', async () => {
    const stored = await capture('distributor', [
      event(8, {
        type: 'AggregationEvent',
        action: 'OBSERVE',
        bizStep: 'storing',
        parentID: caseUri('72'),
        childEPCs: Array.from({ length: 1000 }, (_, i) => packUri(`ST${i}`)),
      }),
    ]);
    expect(stored.map(outcome)).toEqual(['recorded:observation']);
  }, 60000);

  it('still refuses what contradicts the ledger: shipping packs one does not hold', async () => {
    await capture('manufacturer', [commission(8, ['OB6'])]);
    const foreign = await capture('distributor', [ship(9, [packUri('OB6')], 'pharmacist')]);
    expect(foreign.map(outcome)).toEqual(['refused:NOT_IN_CUSTODY']);
  }, 60000);

  it('keeps a TransformationEvent as an observation, found by its inputs and outputs', async () => {
    await capture('manufacturer', [commission(10, ['TR1', 'TR2'])]);
    const before = await packStates(['TR1', 'TR2']);
    const transformation = event(11, {
      type: 'TransformationEvent',
      // One input by its EPC URN: the ledger keeps every pack as GS1 Digital Link.
      inputEPCList: ['urn:epc:id:sgtin:9506000.013435.TR1', packUri('TR2')],
      inputQuantityList: [
        { epcClass: `https://id.gs1.org/01/${GTIN}/10/OB1`, quantity: 2.5, uom: 'KGM' },
      ],
      outputEPCList: [packUri('TR3')],
      outputQuantityList: [{ epcClass: `https://id.gs1.org/01/${GTIN}/10/TR`, quantity: 1 }],
      transformationID: 'urn:uuid:7b2c3d4e-1111-4000-8000-000000000001',
      bizStep: 'repackaging',
      disposition: 'active',
      readPoint: { id: 'https://id.gs1.org/414/9506000000039' },
    });
    const height = await gw.height();
    const kept = await capture('distributor', [transformation]);
    expect(kept.map(outcome)).toEqual(['recorded:observation']);
    expect(await gw.height()).toBe(height + 1);
    // It changed no pack, and made none.
    expect(await packStates(['TR1', 'TR2'])).toEqual(before);
    await as(gw, 'regulator').get(`/packs/${GTIN}/TR3`).expect(404);

    const expected = {
      type: 'TransformationEvent',
      eventID: transformation['eventID'],
      eventTime: transformation['eventTime'],
      eventTimeZoneOffset: '+00:00',
      recordTime: expect.any(String) as unknown,
      inputEPCList: [packUri('TR1'), packUri('TR2')],
      inputQuantityList: transformation['inputQuantityList'],
      outputEPCList: [packUri('TR3')],
      outputQuantityList: transformation['outputQuantityList'],
      transformationID: transformation['transformationID'],
      bizStep: 'repackaging',
      disposition: 'active',
      readPoint: { id: 'https://id.gs1.org/414/9506000000039' },
    };
    expect(await validQuery('distributor', `MATCH_inputEPC=${packUri('TR1')}`)).toEqual([expected]);
    expect(await validQuery('distributor', `MATCH_outputEPC=${packUri('TR3')}`)).toEqual([
      expected,
    ]);
    expect(
      await validQuery('distributor', 'MATCH_anyEPC=urn:epc:id:sgtin:9506000.013435.TR3'),
    ).toEqual([expected]);
    // Its quantity lists by class: the lot's GTIN covers the lot.
    expect(
      await validQuery('distributor', `MATCH_inputEPCClass=https://id.gs1.org/01/${GTIN}`),
    ).toEqual([expected]);
    // By its transformation id, and not by another.
    expect(
      await validQuery(
        'distributor',
        `EQ_transformationID=${String(transformation['transformationID'])}`,
      ),
    ).toEqual([expected]);
    expect(
      await validQuery(
        'distributor',
        'EQ_transformationID=urn:uuid:7b2c3d4e-1111-4000-8000-000000000002',
      ),
    ).toEqual([]);
    // An input is not an output, nor the other way round.
    expect(await validQuery('distributor', `MATCH_outputEPC=${packUri('TR1')}`)).toEqual([]);
    expect(await validQuery('distributor', `MATCH_inputEPC=${packUri('TR3')}`)).toEqual([]);
    // Its capturer, the inputs' holder and the regulator see it; no one else.
    const params = `MATCH_inputEPC=${packUri('TR2')}&eventType=TransformationEvent`;
    expect(await validQuery('manufacturer', params)).toEqual([expected]);
    expect(await validQuery('regulator', params)).toEqual([expected]);
    expect(await validQuery('pharmacist', params)).toEqual([]);
  }, 60000);

  it('keeps an AssociationEvent as an observation, found by its parent and its children', async () => {
    await capture('manufacturer', [commission(12, ['AS1'])]);
    const before = await packStates(['AS1']);
    // A temperature logger (a GIAI) put with a pack: the ledger knows no assets.
    const logger = 'https://id.gs1.org/8004/9506000LOGGER7';
    const association = event(13, {
      type: 'AssociationEvent',
      action: 'ADD',
      parentID: logger,
      childEPCs: [packUri('AS1')],
      childQuantityList: [{ epcClass: `https://id.gs1.org/01/${GTIN}/10/OB1`, quantity: 3 }],
      bizStep: 'assembling',
    });
    const kept = await capture('distributor', [association]);
    expect(kept.map(outcome)).toEqual(['recorded:observation']);
    expect(await packStates(['AS1'])).toEqual(before);

    const expected = {
      type: 'AssociationEvent',
      eventID: association['eventID'],
      eventTime: association['eventTime'],
      eventTimeZoneOffset: '+00:00',
      recordTime: expect.any(String) as unknown,
      parentID: logger,
      childEPCs: [packUri('AS1')],
      childQuantityList: association['childQuantityList'],
      action: 'ADD',
      bizStep: 'assembling',
      readPoint: { id: `https://id.gs1.org/414/${gw.gln['distributor'] ?? ''}` },
    };
    expect(await validQuery('distributor', `MATCH_parentID=${logger}`)).toEqual([expected]);
    expect(await validQuery('distributor', `MATCH_epc=${packUri('AS1')}`)).toEqual([expected]);
    expect(await validQuery('distributor', `MATCH_anyEPC=${logger}`)).toEqual([expected]);
    expect(
      await validQuery('distributor', `MATCH_epcClass=https://id.gs1.org/01/${GTIN}/10/OB1`),
    ).toEqual([expected]);
    expect(await validQuery('manufacturer', `MATCH_parentID=${logger}`)).toEqual([expected]);
    expect(await validQuery('pharmacist', `MATCH_parentID=${logger}`)).toEqual([]);
  }, 60000);
});
