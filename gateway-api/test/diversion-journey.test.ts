import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openEventStream, type OpenEventStream } from './support/open-event-stream';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const LOT = 'LOT-DIV';
/** The pack at the centre of the journey, and one more that travels with it. */
const PACK = 'DV1';
const CODE = `(01)${GTIN}(17)${EXPIRY}(10)${LOT}(21)${PACK}`;
/** An upper bound for an event to reach an open stream, never a pause: it returns on arrival. */
const EVENT_WITHIN_MS = 30_000;

/** Every pack of the journey, as shipment items. */
const ITEMS = [PACK, 'DV2'].map((serial) => ({ type: 'pack', gtin: GTIN, serial }));

/**
 * Pharmacy A (user `pharmacist`, Central Pharmacy) is handed a pack that the supply chain
 * delivered to pharmacy B (user `pharmacist2`): a diverted pack. Over HTTP, on whichever ledger
 * `LEDGER` selects.
 */
describe('a pack diverted from pharmacy B to pharmacy A', () => {
  let gw: TestGateway;
  let server: Server;
  let base: string;
  let regulatorStream: OpenEventStream | undefined;
  let alertId: string;

  beforeAll(async () => {
    gw = await startGateway();
    server = createServer(gw.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    regulatorStream?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gw.stop();
  });

  it('travels manufacturer → distributor → pharmacy B, custody passing on each receipt', async () => {
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: [PACK, 'DV2'] })
      .expect(201);
    const toDistributor = await as(gw, 'manufacturer')
      .post('/shipments', { to: gw.gln['distributor'], items: ITEMS })
      .expect(201);
    await as(gw, 'distributor')
      .post(`/shipments/${toDistributor.body.id as string}/receive`, { received: ITEMS })
      .expect(200);
    const toPharmacyB = await as(gw, 'distributor')
      .post('/shipments', { to: gw.gln['pharmacist2'], items: ITEMS })
      .expect(201);
    const received = await as(gw, 'pharmacist2')
      .post(`/shipments/${toPharmacyB.body.id as string}/receive`, { received: ITEMS })
      .expect(200);

    const inventory = await as(gw, 'pharmacist2').get('/inventory').expect(200);
    expect(inventory.body.items.map((p: { serial: string }) => p.serial).sort()).toEqual([
      PACK,
      'DV2',
    ]);
    const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/${PACK}`).expect(200);
    expect(pack.body.pack).toMatchObject({ status: 'active', custodian: gw.gln['pharmacist2'] });

    expect(received.headers['x-transaction-id']).toMatch(/^[0-9a-f]{64}$/);
    // The regulator's stream is open (from now on: the gateway answers once it listens) before
    // pharmacy A touches the pack: what follows must arrive live.
    regulatorStream = await openEventStream(base, gw.tokens['regulator'] ?? '');
  });

  it('refuses pharmacy A at the counter as a possible diversion and alerts the regulator live', async () => {
    const stream = regulatorStream;
    if (stream === undefined) throw new Error('the regulator’s stream is not open');
    const alertArrives = stream.waitFor(
      (event) => event.data.type === 'AlertRaised' && event.data.subject['serial'] === PACK,
      EVENT_WITHIN_MS,
    );

    // Scanning before handing over, as the page does: the verdict refuses with the diversion
    // reason, and the recorded scan raises the alert.
    const scan = await as(gw, 'pharmacist').post('/scans', { code: CODE }).expect(201);
    expect(scan.body.verdict).toBe('DO_NOT_SUPPLY');
    expect(scan.body.reasons.map((r: { code: string }) => r.code)).toEqual(['NOT_IN_CUSTODY']);
    alertId = scan.body.scan.alertId as string;
    expect(alertId).toMatch(/^[0-9a-f]{64}$/);

    // Dispensing anyway is refused by the ledger: the pack is not pharmacy A's.
    const dispense = await as(gw, 'pharmacist').post(`/packs/${GTIN}/${PACK}/dispense`).expect(422);
    expect(dispense.body.error.code).toBe('NOT_IN_CUSTODY');

    const alert = await alertArrives;
    expect(alert.event).toBe('AlertRaised');
    expect(alert.data).toMatchObject({
      txId: alertId,
      by: gw.gln['pharmacist'],
      subject: { gtin: GTIN, serial: PACK, alert: alertId },
    });
    // Nothing on the stream says the pack was dispensed.
    expect(stream.received.filter((event) => event.data.type === 'PackDispensed')).toEqual([]);
  });

  it('lets the regulator read the alert: the diversion reason, who raised it, the pack held', async () => {
    const alert = await as(gw, 'regulator').get(`/alerts/${alertId}`).expect(200);
    expect(alert.body).toMatchObject({
      id: alertId,
      kind: 'scan',
      status: 'open',
      reasons: ['NOT_IN_CUSTODY'],
      raisedBy: gw.gln['pharmacist'],
      items: [{ type: 'pack', gtin: GTIN, serial: PACK }],
      quarantined: [{ type: 'pack', gtin: GTIN, serial: PACK }],
    });
    const open = await as(gw, 'regulator').get('/alerts?status=open').expect(200);
    expect(open.body.items.map((a: { id: string }) => a.id)).toContain(alertId);
  });

  it('leaves the pack with pharmacy B, quarantined: B may not dispense it until the regulator decides', async () => {
    const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/${PACK}`).expect(200);
    expect(pack.body.pack).toMatchObject({
      status: 'quarantined',
      custodian: gw.gln['pharmacist2'],
      decommission: null,
    });
    const refused = await as(gw, 'pharmacist2').post(`/packs/${GTIN}/${PACK}/dispense`).expect(422);
    expect(refused.body.error.code).toBe('ITEM_QUARANTINED');
    // The pack that travelled with it is untouched.
    await as(gw, 'pharmacist2').post(`/packs/${GTIN}/DV2/dispense`).expect(200);
  });

  it('returns the pack to pharmacy B’s shelf when the regulator clears the alert', async () => {
    await as(gw, 'regulator')
      .post(`/alerts/${alertId}/resolve`, {
        outcome: 'cleared',
        note: 'patient transfer, explained',
      })
      .expect(200);
    await as(gw, 'pharmacist').post(`/packs/${GTIN}/${PACK}/dispense`).expect(422);
    await as(gw, 'pharmacist2').post(`/packs/${GTIN}/${PACK}/dispense`).expect(200);
    const history = await as(gw, 'regulator').get(`/packs/${GTIN}/${PACK}/history`).expect(200);
    const events = history.body.events as Array<{ action: string; by: string; alert?: string }>;
    // Pharmacy A's scan shows as the quarantine it caused (one transaction), then the
    // regulator's clearance and pharmacy B's one dispense.
    expect(events.map((e) => e.action).slice(-3)).toEqual(['quarantined', 'cleared', 'dispensed']);
    expect(events.at(-3)).toMatchObject({ by: gw.gln['pharmacist'], alert: alertId });
    expect(events.at(-1)).toMatchObject({ by: gw.gln['pharmacist2'] });
  });
});
