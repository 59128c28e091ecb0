import {
  as,
  EXPIRY,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const EXPIRY_DATE = `20${EXPIRY.slice(0, 2)}-${EXPIRY.slice(2, 4)}-${EXPIRY.slice(4, 6)}`;
const HOUR = 3600 * 1000;
/** The hour the suite's events count from: a day ago, on the hour (the ledger takes a year back). */
const BASE = Math.floor((Date.now() - 24 * HOUR) / HOUR) * HOUR;
const timeAt = (hour: number): string =>
  new Date(BASE + hour * HOUR).toISOString().replace(/\.000Z$/, 'Z');
const packUri = (serial: string): string => `https://id.gs1.org/01/${GTIN}/21/${serial}`;
const pack = (serial: string) => ({ type: 'pack', gtin: GTIN, serial });

type Event = Record<string, unknown>;
interface JobEvent {
  status: string;
  txId?: string;
  error?: { code: string };
}

let n = 0;
/** An event with its own id, at `hour` hours after {@link BASE}. */
function event(hour: number, fields: Event): Event {
  n += 1;
  return {
    eventID: `urn:uuid:5a1b2c3d-0000-4000-8000-${String(n).padStart(12, '0')}`,
    eventTime: timeAt(hour),
    eventTimeZoneOffset: '+00:00',
    ...fields,
  };
}

const observe = (hour: number, bizStep: string, serials: string[], more: Event = {}) =>
  event(hour, {
    type: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep,
    epcList: serials.map(packUri),
    ...more,
  });

/**
 * EPCIS receiving item by item through capture: each receiving event receives just the packs it
 * names, and the shipment stays open until its last pack arrives or its receiver closes it.
 */
describe('partial receipts through EPCIS capture', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  }, 120000);
  afterAll(async () => gw.stop());

  async function capture(user: string, events: Event[]): Promise<JobEvent[]> {
    const response = await as(gw, user)
      .post('/epcis/capture', {
        '@context': [CONTEXT],
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: timeAt(0),
        epcisBody: { eventList: events },
      })
      .expect(202);
    return response.body.events as JobEvent[];
  }
  const outcome = (e: JobEvent): string =>
    e.error === undefined ? e.status : `${e.status}:${e.error.code}`;

  /** Commissions the packs and ships them to the distributor; answers the shipment's id. */
  async function shipToDistributor(hour: number, serials: string[]): Promise<string> {
    const done = await capture('manufacturer', [
      event(hour, {
        type: 'ObjectEvent',
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        epcList: serials.map(packUri),
        ilmd: { 'cbvmda:lotNumber': 'PR1', 'cbvmda:itemExpirationDate': EXPIRY_DATE },
      }),
      observe(hour, 'shipping', serials, {
        disposition: 'in_transit',
        destinationList: [
          { type: 'owning_party', destination: `https://id.gs1.org/414/${gw.gln['distributor']}` },
        ],
      }),
    ]);
    expect(done.map(outcome)).toEqual(['recorded', 'recorded']);
    return done[1]?.txId ?? '';
  }
  const shipment = async (id: string) =>
    (await as(gw, 'distributor').get(`/shipments/${id}`).expect(200)).body as Record<
      string,
      unknown
    >;
  const packStatus = async (serial: string) =>
    (await as(gw, 'regulator').get(`/packs/${GTIN}/${serial}`).expect(200)).body.pack as Record<
      string,
      unknown
    >;

  it('receives each pack as its event arrives, and closes the shipment with the last', async () => {
    const id = await shipToDistributor(1, ['PR1', 'PR2']);
    const first = await capture('distributor', [
      observe(2, 'receiving', ['PR1'], { disposition: 'active' }),
    ]);
    expect(first.map(outcome)).toEqual(['recorded']);
    expect(await shipment(id)).toMatchObject({
      status: 'partially_received',
      received: [pack('PR1')],
      alertId: null,
    });
    expect(await packStatus('PR1')).toMatchObject({
      custodian: gw.gln['distributor'],
      status: 'active',
    });
    expect(await packStatus('PR2')).toMatchObject({ shipment: id, status: 'active' });

    // The second pack's own event is its receipt, not a SHIPMENT_NOT_FOUND.
    const second = await capture('distributor', [
      observe(3, 'receiving', ['PR2'], { disposition: 'active' }),
    ]);
    expect(second.map(outcome)).toEqual(['recorded']);
    expect(await shipment(id)).toMatchObject({ status: 'received', missing: [], alertId: null });

    // A pack received once is not received again under another event id.
    const again = await capture('distributor', [
      observe(4, 'receiving', ['PR1'], { disposition: 'active' }),
    ]);
    expect(again.map(outcome)).toEqual(['refused:ALREADY_RECEIVED']);
  }, 60000);

  it('makes what never arrived a discrepancy when the receiver closes the shipment', async () => {
    const id = await shipToDistributor(5, ['PR3', 'PR4']);
    await capture('distributor', [observe(6, 'receiving', ['PR3'], { disposition: 'active' })]);
    const refused = await as(gw, 'manufacturer').post(`/shipments/${id}/close`).expect(403);
    expect(refused.body.error.code).toBe('NOT_RECIPIENT');

    const closed = await as(gw, 'distributor')
      .post(`/shipments/${id}/close`, { note: 'the rest never came' })
      .expect(200);
    expect(closed.body).toMatchObject({
      id,
      status: 'received_with_discrepancy',
      missing: [pack('PR4')],
      received: [pack('PR3')],
    });
    const alert = await as(gw, 'distributor').get(`/alerts/${String(closed.body.alertId)}`);
    expect(alert.status).toBe(200);
    expect(alert.body).toMatchObject({ reasons: ['MISSING_ITEMS'], items: [pack('PR4')] });
    expect(await packStatus('PR4')).toMatchObject({
      custodian: gw.gln['manufacturer'],
      status: 'quarantined',
    });
    const late = await capture('distributor', [
      observe(7, 'receiving', ['PR4'], { disposition: 'active' }),
    ]);
    expect(late.map(outcome)).toEqual([expect.stringMatching(/^refused:/)]);
  }, 60000);
});
