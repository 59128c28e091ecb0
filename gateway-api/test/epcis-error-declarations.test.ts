import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { loadEpcisSchema } from './support/epcis-schema';
import { openEventStream, type OpenEventStream } from './support/open-event-stream';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const LOT = 'LOT-IDS';
const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const EXPIRY_DATE = `20${EXPIRY.slice(0, 2)}-${EXPIRY.slice(2, 4)}-${EXPIRY.slice(4, 6)}`;
/** An upper bound for an event to reach an open stream, never a pause: it returns on arrival. */
const EVENT_WITHIN_MS = 30_000;
const MINUTE = 60_000;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Event = Record<string, unknown>;

const packUri = (serial: string): string => `https://id.gs1.org/01/${GTIN}/21/${serial}`;
/** A time shortly before now: the ledger records an event only near its own time. */
const minutesAgo = (minutes: number): string =>
  new Date(Date.now() - minutes * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z');

const documentOf = (events: Event[]): object => ({
  '@context': [CONTEXT],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: minutesAgo(0),
  epcisBody: { eventList: events },
});

/** A partner's own commissioning event, under its own id. */
const commissioning = (id: string, serials: string[], eventTime: string): Event => ({
  type: 'ObjectEvent',
  eventID: id,
  eventTime,
  eventTimeZoneOffset: '+00:00',
  action: 'ADD',
  bizStep: 'commissioning',
  disposition: 'active',
  epcList: serials.map(packUri),
  ilmd: { 'cbvmda:lotNumber': 'LOT-CAP', 'cbvmda:itemExpirationDate': EXPIRY_DATE },
});

interface JobEvent {
  eventID: string;
  status: string;
  step?: string;
  txId?: string;
  error?: { code: string };
}

/**
 * The one id of every EPCIS event in the pack export, the EPCIS query and the event stream, and
 * error declarations captured over EPCIS or made by the ledger's own corrections, over HTTP on
 * whichever ledger `LEDGER` selects.
 */
describe('EPCIS event ids and error declarations', () => {
  let gw: TestGateway;
  let server: Server;
  let stream: OpenEventStream;
  let gs1SchemaErrors: (document: unknown) => unknown[];

  beforeAll(async () => {
    gw = await startGateway();
    server = createServer(gw.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await registerProduct(gw);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(await loadEpcisSchema());
    gs1SchemaErrors = (document) => (validate(document) ? [] : (validate.errors ?? []));
    stream = await openEventStream(base, gw.tokens['regulator'] ?? '');
  }, 120_000);
  afterAll(async () => {
    stream.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gw.stop();
  });

  /** The ids the event stream gave the EPCIS events of one transaction. */
  const streamedIds = async (txId: string): Promise<string[]> => {
    const delivered = await stream.waitFor((e) => e.data.txId === txId, EVENT_WITHIN_MS);
    return delivered.data.epcis.map((fields) => fields.eventID ?? '');
  };
  /** The events the regulator's EPCIS query answers for one pack, valid against GS1's schema. */
  const queried = async (serial: string): Promise<Event[]> => {
    const response = await as(gw, 'regulator')
      .get(`/epcis/events?MATCH_epc=${encodeURIComponent(packUri(serial))}`)
      .expect(200);
    expect(gs1SchemaErrors(response.body)).toEqual([]);
    return (
      response.body as {
        epcisBody: { queryResults: { resultsBody: { eventList: Event[] } } };
      }
    ).epcisBody.queryResults.resultsBody.eventList;
  };
  /** The events of one pack's provenance export, valid against GS1's schema. */
  const exported = async (serial: string): Promise<Event[]> => {
    const response = await as(gw, 'regulator').get(`/packs/${GTIN}/${serial}/epcis`).expect(200);
    expect(gs1SchemaErrors(response.body)).toEqual([]);
    return (response.body as { epcisBody: { eventList: Event[] } }).epcisBody.eventList;
  };
  const idOf = (events: Event[], bizStep: string): unknown =>
    events.find((e) => e['bizStep'] === bizStep)?.['eventID'];
  const capture = async (user: string, events: Event[]): Promise<JobEvent[]> => {
    const response = await as(gw, user).post('/epcis/capture', documentOf(events));
    expect(response.status).toBe(202);
    return (response.body as { events: JobEvent[] }).events;
  };

  it('names a commissioning and a shipment alike in the export, the query and the stream', async () => {
    const made = await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: ['ID1', 'ID2'] })
      .expect(201);
    const shipped = await as(gw, 'manufacturer')
      .post('/shipments', {
        to: gw.gln['distributor'],
        items: [{ type: 'pack', gtin: GTIN, serial: 'ID1' }],
      })
      .expect(201);
    const [commissionId] = await streamedIds(String(made.headers['x-transaction-id']));
    const [shipId] = await streamedIds(String(shipped.body.id));
    expect(commissionId).toMatch(UUID_URN);
    expect(shipId).toMatch(UUID_URN);
    expect(shipId).not.toBe(commissionId);

    for (const events of [await queried('ID1'), await exported('ID1')]) {
      expect(idOf(events, 'commissioning')).toBe(commissionId);
      expect(idOf(events, 'shipping')).toBe(shipId);
    }
    // Another pack of the same commissioning: the same event, so the same id.
    expect(idOf(await exported('ID2'), 'commissioning')).toBe(commissionId);
    const everyId = (await queried('ID1')).map((e) => e['eventID']);
    expect(new Set(everyId).size).toBe(everyId.length);
  });

  it('keeps a captured event’s own id in the export, the query and the stream', async () => {
    const id = 'urn:uuid:1f0e4c2a-7b3d-4e5f-8a9b-0c1d2e3f4a01';
    const [outcome] = await capture('manufacturer', [commissioning(id, ['ID3'], minutesAgo(5))]);
    expect(outcome).toMatchObject({ eventID: id, status: 'recorded' });
    expect(await streamedIds(outcome?.txId ?? '')).toEqual([id]);
    expect(idOf(await queried('ID3'), 'commissioning')).toBe(id);
    expect(idOf(await exported('ID3'), 'commissioning')).toBe(id);
  });

  describe('an EPCIS event declaring an error on one recorded before', () => {
    const id = 'urn:uuid:1f0e4c2a-7b3d-4e5f-8a9b-0c1d2e3f4a02';
    const eventTime = minutesAgo(10);
    const declaration = {
      declarationTime: minutesAgo(1),
      reason: 'incorrect_data',
      correctiveEventIDs: ['urn:uuid:1f0e4c2a-7b3d-4e5f-8a9b-0c1d2e3f4a03'],
    };
    const declaring = (): Event => ({
      ...commissioning(id, ['ID4'], eventTime),
      errorDeclaration: declaration,
    });

    beforeAll(async () => {
      await capture('manufacturer', [commissioning(id, ['ID4'], eventTime)]);
    });

    it('is recorded, and later queries and the export return the event with its declaration', async () => {
      const [outcome] = await capture('manufacturer', [declaring()]);
      expect(outcome).toMatchObject({ eventID: id, status: 'recorded', step: 'error_declaration' });
      expect(outcome?.txId).toMatch(/^[0-9a-f]{64}$/);
      const [event] = await queried('ID4');
      expect(event).toMatchObject({ eventID: id, errorDeclaration: declaration });
      expect((await exported('ID4'))[0]).toMatchObject({
        eventID: id,
        errorDeclaration: declaration,
      });
      const history = await as(gw, 'regulator').get(`/packs/${GTIN}/ID4/history`).expect(200);
      expect(history.body.events[0]).toMatchObject({ eventId: id, errorDeclaration: declaration });
    });

    it('is already recorded when posted again, and refused to another party or for an unknown id', async () => {
      const [again] = await capture('manufacturer', [declaring()]);
      expect(again).toMatchObject({ eventID: id, status: 'already_recorded' });
      const [other] = await capture('distributor', [declaring()]);
      expect(other).toMatchObject({ status: 'refused', error: { code: 'NOT_PERMITTED' } });
      const unknown = { ...declaring(), eventID: 'urn:uuid:1f0e4c2a-7b3d-4e5f-8a9b-0c1d2e3f4aff' };
      const [missing] = await capture('manufacturer', [unknown]);
      expect(missing).toMatchObject({ status: 'refused', error: { code: 'EVENT_NOT_FOUND' } });
      const changed = {
        ...declaring(),
        errorDeclaration: { ...declaration, reason: 'did_not_occur' },
      };
      const [conflict] = await capture('manufacturer', [changed]);
      expect(conflict).toMatchObject({
        status: 'refused',
        error: { code: 'ERROR_DECLARATION_CONFLICT' },
      });
      expect((await queried('ID4'))[0]).toMatchObject({ errorDeclaration: declaration });
    });
  });

  it('takes a declaration on an event captured without an id, and on one the platform’s routes recorded', async () => {
    const anonymous = Object.fromEntries(
      Object.entries(commissioning('', ['ID6'], minutesAgo(4))).filter(
        ([key]) => key !== 'eventID',
      ),
    );
    const [first] = await capture('manufacturer', [anonymous]);
    expect(first?.status).toBe('recorded');
    const declaration = { declarationTime: minutesAgo(1), correctiveEventIDs: [] };
    const [declared] = await capture('manufacturer', [
      { ...anonymous, errorDeclaration: declaration },
    ]);
    // The id its first capture got: the digest of the event without the declaration.
    expect(declared).toMatchObject({ eventID: first?.eventID, status: 'recorded' });
    expect((await queried('ID6'))[0]).toMatchObject({
      eventID: first?.eventID,
      errorDeclaration: declaration,
    });

    // An event of the platform's own routes, declared in error by its recorder over EPCIS.
    const [commissioned] = await queried('ID2');
    const [outcome] = await capture('manufacturer', [
      { ...commissioned, errorDeclaration: { ...declaration, reason: 'did_not_occur' } },
    ]);
    expect(outcome).toMatchObject({ eventID: commissioned?.['eventID'], status: 'recorded' });
    expect(idOf(await exported('ID1'), 'commissioning')).toBe(commissioned?.['eventID']);
    expect((await exported('ID1'))[0]).toMatchObject({
      errorDeclaration: { reason: 'did_not_occur' },
    });
  });

  it('shows a cancelled shipment’s shipping event declared in error, corrected by the cancellation', async () => {
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: ['ID5'] })
      .expect(201);
    const shipped = await as(gw, 'manufacturer')
      .post('/shipments', {
        to: gw.gln['pharmacist2'],
        items: [{ type: 'pack', gtin: GTIN, serial: 'ID5' }],
      })
      .expect(201);
    const cancelled = await as(gw, 'manufacturer')
      .post(`/shipments/${String(shipped.body.id)}/cancel`, { note: 'wrong pharmacy' })
      .expect(200);
    const [cancelId] = await streamedIds(String(cancelled.headers['x-transaction-id']));
    expect(cancelId).toMatch(UUID_URN);
    const events = await queried('ID5');
    const shipping = events.find((e) => e['bizStep'] === 'shipping');
    expect(shipping?.['errorDeclaration']).toMatchObject({
      reason: 'incorrect_data',
      correctiveEventIDs: [cancelId],
    });
    expect(events.find((e) => e['eventID'] === cancelId)?.['errorDeclaration']).toBeUndefined();
    const fromExport = (await exported('ID5')).find((e) => e['bizStep'] === 'shipping');
    expect(fromExport).toMatchObject({ errorDeclaration: { correctiveEventIDs: [cancelId] } });
  });
});
