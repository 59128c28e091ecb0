import {
  GTIN,
  captureEvents,
  commissioningFields,
  epcisClock,
  eventIdOf,
  packUri,
  shippingFields,
  stamped,
  startEpcisGateway,
  type CapturedEvent,
  type EpcisEvent,
} from './support/epcis-capture';
import { as, type TestGateway } from './support/test-gateway';

/** A day ago, on the hour. */
const timeAt = epcisClock(24);
const pack = (serial: string) => ({ type: 'pack', gtin: GTIN, serial });

type Event = EpcisEvent;
type JobEvent = CapturedEvent;

let n = 0;
/** An event with its own id, at `hour` hours after the suite's base. */
function event(hour: number, fields: Event): Event {
  n += 1;
  return stamped(eventIdOf('5a1b2c3d', n), timeAt(hour), fields);
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
    gw = await startEpcisGateway();
  }, 120000);
  afterAll(async () => gw.stop());

  const capture = (user: string, events: Event[]): Promise<JobEvent[]> =>
    captureEvents(gw, user, events, timeAt(0));
  const outcome = (e: JobEvent): string =>
    e.error === undefined ? e.status : `${e.status}:${e.error.code}`;

  /** Commissions the packs and ships them to the distributor; answers the shipment's id. */
  async function shipToDistributor(hour: number, serials: string[]): Promise<string> {
    const done = await capture('manufacturer', [
      event(hour, commissioningFields(serials, 'PR1')),
      event(hour, shippingFields(serials.map(packUri), gw.gln['distributor'] ?? '')),
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
