import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { gs1CheckDigit } from '@packtrace/gs1';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';
import { loadEpcisSchema } from './support/epcis-schema';

const GTIN = '09506000134352';
const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const EXPIRY_DATE = `20${EXPIRY.slice(0, 2)}-${EXPIRY.slice(2, 4)}-${EXPIRY.slice(4, 6)}`;
const HOUR = 3600 * 1000;
/**
 * The hour the suite's events count from: two days ago, on the hour. The ledger records an event
 * only near its own time (at most a year before), so no fixed date will do.
 */
const BASE = Math.floor((Date.now() - 48 * HOUR) / HOUR) * HOUR;
/** `hour` hours after {@link BASE}, in ISO 8601 (UTC, or another zone spelled +00:00). */
const timeAt = (hour: number, zone = 'Z'): string =>
  new Date(BASE + hour * HOUR).toISOString().replace(/\.000Z$/, zone);

const sscc = (serial: string): string => {
  const body = `09506000${serial.padStart(9, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
};
const packUri = (serial: string): string => `https://id.gs1.org/01/${GTIN}/21/${serial}`;
const caseUri = (n: string): string => `https://id.gs1.org/00/${sscc(n)}`;
const partyUri = (gln: string): string => `https://id.gs1.org/414/${gln}`;

type Event = Record<string, unknown>;

function documentOf(events: Event[]): object {
  return {
    '@context': [CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: timeAt(8),
    epcisBody: { eventList: events },
  };
}

/** An event at a declared time (hours after {@link BASE}) with its own id. */
function event(id: string, hour: number, fields: Event): Event {
  return {
    eventID: `urn:uuid:00000000-0000-4000-8000-${id.padStart(12, '0')}`,
    eventTime: timeAt(hour),
    eventTimeZoneOffset: '+00:00',
    ...fields,
  };
}

const commission = (id: string, hour: number, epcs: string[]): Event =>
  event(id, hour, {
    type: 'ObjectEvent',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: epcs,
    ilmd: { 'cbvmda:lotNumber': 'EP1', 'cbvmda:itemExpirationDate': EXPIRY_DATE },
  });
const observe = (id: string, hour: number, bizStep: string, epcs: string[], more: Event = {}) =>
  event(id, hour, { type: 'ObjectEvent', action: 'OBSERVE', bizStep, epcList: epcs, ...more });
const ship = (id: string, hour: number, epcs: string[], to: string): Event =>
  observe(id, hour, 'shipping', epcs, {
    disposition: 'in_transit',
    destinationList: [{ type: 'owning_party', destination: partyUri(to) }],
  });
const aggregate = (id: string, hour: number, action: string, parent: string, children: string[]) =>
  event(id, hour, {
    type: 'AggregationEvent',
    action,
    bizStep: action === 'ADD' ? 'packing' : 'unpacking',
    parentID: parent,
    childEPCs: children,
  });

interface JobEvent {
  eventID: string;
  status: string;
  error?: { code: string };
}

/**
 * Captures a document: whole or not at all (the binding's default, no header), or, with
 * `proceed`, event by event, each with an outcome of its own.
 */
async function capture(gw: TestGateway, user: string, events: Event[], behaviour?: 'proceed') {
  const post = as(gw, user).post('/epcis/capture', documentOf(events));
  const response = await (behaviour === undefined
    ? post
    : post.set('GS1-Capture-Error-Behaviour', behaviour));
  expect(response.status).toBe(202);
  return response;
}

const statuses = (body: { events: JobEvent[] }): string[] =>
  body.events.map((e) => (e.error === undefined ? e.status : `${e.status}:${e.error.code}`));

describe('EPCIS 2.0 capture and query', () => {
  let gw: TestGateway;
  let validate: ValidateFunction;
  let gln: Record<string, string>;

  beforeAll(async () => {
    gw = await startGateway();
    gln = gw.gln;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(await loadEpcisSchema());
    await registerProduct(gw);
  }, 120000);
  afterAll(async () => gw.stop());

  // Each document whole, in one transaction: the pack's history still tells every event.
  it('records every event type, each as its ledger transaction, and reports each', async () => {
    const made = await capture(gw, 'manufacturer', [
      // One pack named by its EPC URN, the others by GS1 Digital Link.
      commission('1', 1, [
        packUri('S1'),
        packUri('S2'),
        'urn:epc:id:sgtin:9506000.013435.S3',
        packUri('S4'),
      ]),
      aggregate('2', 2, 'ADD', caseUri('1'), [packUri('S1'), packUri('S2')]),
      ship('3', 3, [caseUri('1'), packUri('S3')], gln['distributor'] ?? ''),
      observe('4', 4, 'decommissioning', [packUri('S4')], { disposition: 'destroyed' }),
    ]);
    expect(statuses(made.body)).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    expect(made.body.success).toBe(true);
    expect(made.headers['location']).toBe(`/api/v1/epcis/capture/${made.body.captureID as string}`);
    const job = await as(gw, 'manufacturer').get(`/epcis/capture/${made.body.captureID as string}`);
    expect(job.status).toBe(200);
    expect(job.body).toEqual(made.body);
    // Only the party that posted it reads the job.
    expect(
      (await as(gw, 'distributor').get(`/epcis/capture/${made.body.captureID as string}`)).status,
    ).toBe(404);

    const received = await capture(gw, 'distributor', [
      observe('5', 5, 'receiving', [caseUri('1'), packUri('S3')], { disposition: 'active' }),
      aggregate('6', 6, 'DELETE', caseUri('1'), [packUri('S1'), packUri('S2')]),
      observe('7', 7, 'decommissioning', [packUri('S2')], { disposition: 'inactive' }),
      ship('8', 8, [packUri('S1')], gln['pharmacist'] ?? ''),
    ]);
    expect(statuses(received.body)).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    const dispensed = await capture(gw, 'pharmacist', [
      observe('9', 9, 'receiving', [packUri('S1')], { disposition: 'active' }),
      observe('10', 10, 'dispensing', [packUri('S1')], { disposition: 'dispensed' }),
    ]);
    expect(statuses(dispensed.body)).toEqual(['recorded', 'recorded']);

    const history = await as(gw, 'regulator').get(`/packs/${GTIN}/S1/history`).expect(200);
    expect(
      (history.body.events as Array<{ action: string; by: string }>).map(
        (e) => `${e.action}@${e.by}`,
      ),
    ).toEqual([
      `commissioned@${gln['manufacturer'] ?? ''}`,
      `packed@${gln['manufacturer'] ?? ''}`,
      `shipped@${gln['manufacturer'] ?? ''}`,
      `received@${gln['distributor'] ?? ''}`,
      `unpacked@${gln['distributor'] ?? ''}`,
      `shipped@${gln['distributor'] ?? ''}`,
      `received@${gln['pharmacist'] ?? ''}`,
      `dispensed@${gln['pharmacist'] ?? ''}`,
    ]);
    const s2 = await as(gw, 'regulator').get(`/packs/${GTIN}/S2`).expect(200);
    expect(s2.body.pack.decommission.reason).toBe('exported');
    const s4 = await as(gw, 'regulator').get(`/packs/${GTIN}/S4`).expect(200);
    expect(s4.body.pack.decommission.reason).toBe('destroyed');
  }, 120000);

  it('refuses a document GS1’s schema refuses, with the schema’s reasons, and records nothing', async () => {
    const before = await gw.height();
    const broken = commission('20', 1, [packUri('S20')]);
    broken['action'] = 'JUMP';
    const response = await as(gw, 'manufacturer').post(
      '/epcis/capture',
      documentOf([commission('21', 1, [packUri('S21')]), broken]),
    );
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('EPCIS_SCHEMA_INVALID');
    expect(response.body.details.issues.length).toBeGreaterThan(0);
    expect(response.body.details.issues.length).toBeLessThanOrEqual(20);
    expect(await gw.height()).toBe(before);
    expect((await as(gw, 'regulator').get(`/packs/${GTIN}/S21`)).status).toBe(404);
  });

  const mixed = (): Event[] => [
    commission('30', 11, [packUri('S30'), packUri('S31')]),
    // S99 was never commissioned: the whole shipment is refused, S30 included.
    ship('31', 12, [packUri('S30'), packUri('S99')], gln['distributor'] ?? ''),
    ship('32', 13, [packUri('S31')], gln['distributor'] ?? ''),
    observe('33', 14, 'inspecting', [packUri('S30')]),
    // No eventID: known again by a digest of the event.
    (({ eventID: _id, ...rest }) => rest)(
      observe('34', 15, 'decommissioning', [packUri('S30')], { disposition: 'stolen' }),
    ),
  ];

  it('records the good events of a document, keeps an inspection as an observation, and refuses a bad one whole', async () => {
    const response = await capture(gw, 'manufacturer', mixed(), 'proceed');
    expect(statuses(response.body)).toEqual([
      'recorded',
      'refused:PACK_NOT_FOUND',
      'recorded',
      // An inspection: kept as an observation, nothing else changed.
      'recorded',
      'recorded',
    ]);
    expect(response.body.success).toBe(false);
    expect(response.body.events[4].eventID).toMatch(
      /^urn:packtrace:event-digest:sha-256:[0-9a-f]{64}$/,
    );
    // The refused shipment left S30 where it was: not shipped, then reported stolen.
    const s30 = await as(gw, 'regulator').get(`/packs/${GTIN}/S30/history`).expect(200);
    expect((s30.body.events as Array<{ action: string }>).map((e) => e.action)).toEqual([
      'commissioned',
      'stolen',
    ]);
    // Items the caller does not hold are refused with the ledger's own code.
    const foreign = await capture(gw, 'manufacturer2', [
      ship('35', 16, [packUri('S31')], gln['pharmacist'] ?? ''),
    ]);
    expect(statuses(foreign.body)).toEqual([
      expect.stringMatching(/^refused:(NOT_IN_CUSTODY|IN_TRANSIT)$/),
    ]);
  }, 60000);

  it('changes nothing when the same document is posted again', async () => {
    const before = await gw.height();
    const again = await capture(gw, 'manufacturer', mixed(), 'proceed');
    expect(statuses(again.body)).toEqual([
      'already_recorded',
      // Refused again, now against the ledger as it stands (S30 was since reported stolen).
      'refused:ITEM_NOT_ACTIVE',
      'already_recorded',
      'already_recorded',
      'already_recorded',
    ]);
    expect(await gw.height()).toBe(before);
  }, 60000);

  async function query(user: string, params: string) {
    const response = await as(gw, user).get(`/epcis/events?${params}`).expect(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(validate(response.body)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    return response;
  }
  const events = (response: {
    body: { epcisBody: { queryResults: { resultsBody: { eventList: Event[] } } } };
  }) => response.body.epcisBody.queryResults.resultsBody.eventList;
  const ids = (response: Parameters<typeof events>[0]) =>
    events(response).map((e) => String(e['eventID']).slice(-2));

  it('answers queries by EPC, business step, time and location with schema-valid documents', async () => {
    expect(ids(await query('regulator', `MATCH_epc=${encodeURIComponent(packUri('S1'))}`))).toEqual(
      ['01', '02', '06', '08', '09', '10'],
    );
    // The same pack named by its EPC URN, and MATCH_anyEPC also finds its case by parentID.
    expect(
      ids(
        await query(
          'regulator',
          `MATCH_anyEPC=${encodeURIComponent(caseUri('1'))}&EQ_bizStep=packing|unpacking`,
        ),
      ),
    ).toEqual(['02', '06']);
    expect(ids(await query('regulator', 'EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping'))).toEqual([
      '03',
      '08',
      '32',
    ]);
    expect(
      ids(
        await query(
          'regulator',
          `GE_eventTime=${timeAt(5)}&LT_eventTime=${encodeURIComponent(timeAt(7, '+00:00'))}`,
        ),
      ),
    ).toEqual(['05', '06']);
    expect(
      ids(
        await query(
          'regulator',
          `EQ_bizLocation=${encodeURIComponent(partyUri(gln['pharmacist'] ?? ''))}`,
        ),
      ),
    ).toEqual(['09', '10']);
    const typed = await query('regulator', 'eventType=AggregationEvent');
    expect(events(typed).every((e) => e['type'] === 'AggregationEvent')).toBe(true);
  }, 60000);

  it('shows each party only the events that concern it', async () => {
    // The pharmacy took part in S1's last steps only; the manufacturer's own steps are not its.
    expect(
      ids(await query('pharmacist', `MATCH_epc=${encodeURIComponent(packUri('S1'))}`)),
    ).toEqual(['08', '09', '10']);
    expect(
      ids(await query('pharmacist', `MATCH_epc=${encodeURIComponent(packUri('S30'))}`)),
    ).toEqual([]);
    expect(ids(await query('manufacturer2', 'EQ_bizStep=commissioning'))).toEqual([]);
  });

  it('pages with perPage and the standard’s next page token', async () => {
    const first = await query('regulator', 'EQ_bizStep=shipping&perPage=2');
    expect(ids(first)).toEqual(['03', '08']);
    const link = String(first.headers['link']);
    const next = /^<\/api\/v1(\/epcis\/events\?[^>]+)>; rel="next"$/.exec(link);
    expect(next).not.toBeNull();
    const second = await as(gw, 'regulator')
      .get(next?.[1] ?? '')
      .expect(200);
    expect(ids(second)).toEqual(['32']);
    expect((await as(gw, 'regulator').get('/epcis/events?nextPageToken=nonsense')).status).toBe(
      400,
    );
  });

  it('gives the same provenance when a pack’s exported history is captured into a fresh ledger', async () => {
    const exported = await as(gw, 'regulator').get(`/packs/${GTIN}/S1/epcis`).expect(200);
    const fresh = await startGateway();
    try {
      await registerProduct(fresh);
      const users = new Map(
        ['manufacturer', 'distributor', 'pharmacist'].map((user) => [
          partyUri(gln[user] ?? ''),
          user,
        ]),
      );
      // Each party's own system captures its own steps, in the order they happened.
      for (const step of exported.body.epcisBody.eventList as Event[]) {
        const user = users.get((step['readPoint'] as { id: string }).id) ?? '';
        const response = await capture(fresh, user, [step]);
        expect(statuses(response.body)).toEqual(['recorded']);
      }
      const provenance = async (g: TestGateway) =>
        (
          (await as(g, 'regulator').get(`/packs/${GTIN}/S1/history`).expect(200)).body
            .events as Event[]
        ).map(({ txId: _t, at: _a, shipment: _s, ...rest }) => rest);
      expect(await provenance(fresh)).toEqual(await provenance(gw));
    } finally {
      await fresh.stop();
    }
  }, 180000);

  it('is described in the OpenAPI document', async () => {
    const document = await request(gw.app).get('/openapi.json').expect(200);
    const paths = document.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/v1/epcis/capture'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/epcis/capture/{captureID}'] ?? {})).toEqual(['get']);
    const query = paths['/api/v1/epcis/events']?.['get'] as { parameters: Array<{ name: string }> };
    expect(query.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'EQ_bizStep',
        'MATCH_epc',
        'GE_eventTime',
        'EQ_bizLocation',
        'nextPageToken',
      ]),
    );
  });

  it('refuses capture to the regulator, which trades nothing', async () => {
    const response = await as(gw, 'regulator').post('/epcis/capture', documentOf([]));
    expect(response.status).toBe(403);
  });
});
