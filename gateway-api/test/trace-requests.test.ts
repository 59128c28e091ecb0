// DSCSA trace requests over HTTP: asked with a reason, answered by the manufacturer, the answer
// as GS1 EPCIS 2.0 (checked against GS1's own schema), the regulator's open and overdue lists.
// On whichever ledger LEDGER selects; times come from the requests themselves, never today's.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { loadEpcisSchema } from './support/epcis-schema';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const CASE = '095060000000000121';

interface TraceRequestBody {
  id: string;
  requestedAt: string;
  dueAt: string;
  status: string;
  answer: { answeredAt: string; answeredBy: string; onTime: boolean } | null;
}

describe('trace requests over the API', () => {
  let gw: TestGateway;
  let incident = 0;

  const ask = (username: string, subject: object, reason: string, test = false) => {
    incident += 1;
    return as(gw, username).post('/trace-requests', {
      subject,
      reason,
      incident: `INC-API-${incident}`,
      test,
    });
  };
  const packSubject = (serial: string) => ({ kind: 'pack', gtin: GTIN, serial });
  const after = (iso: string) => new Date(Date.parse(iso) + 1000).toISOString();

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    const m = as(gw, 'manufacturer');
    await m
      .post('/batches', { gtin: GTIN, lot: 'TRL1', expiry: EXPIRY, serials: ['Q1', 'Q2', 'Q3'] })
      .expect(201);
    await m
      .post('/containers', {
        sscc: CASE,
        kind: 'case',
        children: [
          { type: 'pack', gtin: GTIN, serial: 'Q1' },
          { type: 'pack', gtin: GTIN, serial: 'Q2' },
        ],
      })
      .expect(201);
    const toDistributor = await m
      .post('/shipments', { to: gw.gln['distributor'], items: [{ type: 'container', sscc: CASE }] })
      .expect(201);
    await as(gw, 'distributor')
      .post(`/shipments/${toDistributor.body.id as string}/receive`, {
        received: [{ type: 'container', sscc: CASE }],
      })
      .expect(200);
    const toPharmacy = await as(gw, 'distributor')
      .post('/shipments', { to: gw.gln['pharmacist'], items: [{ type: 'container', sscc: CASE }] })
      .expect(201);
    await as(gw, 'pharmacist')
      .post(`/shipments/${toPharmacy.body.id as string}/receive`, {
        received: [{ type: 'container', sscc: CASE }],
      })
      .expect(200);
  }, 60000);
  afterAll(async () => gw.stop());

  it('records a pharmacy’s request about a pack it holds, due within 48 hours', async () => {
    const response = await ask('pharmacist', packSubject('Q1'), 'suspect', true).expect(201);
    const body = response.body as TraceRequestBody & Record<string, unknown>;
    expect(body).toMatchObject({
      subject: { kind: 'pack', gtin: GTIN, serial: 'Q1' },
      reason: 'suspect',
      test: true,
      requestedBy: gw.gln['pharmacist'],
      addressee: gw.gln['manufacturer'],
      status: 'open',
      answer: null,
    });
    const hours = (Date.parse(body.dueAt) - Date.parse(body.requestedAt)) / 3600_000;
    expect(hours).toBeGreaterThanOrEqual(24);
    expect(hours).toBeLessThanOrEqual(48);
  });

  it('refuses a partner that never held the pack, and a partner’s audit', async () => {
    const stranger = await ask('pharmacist2', packSubject('Q1'), 'suspect').expect(403);
    expect(stranger.body.error.code).toBe('NOT_PERMITTED');
    const audit = await ask('pharmacist', packSubject('Q1'), 'audit').expect(403);
    expect(audit.body.error.code).toBe('NOT_PERMITTED');
    const lot = await ask('distributor', { kind: 'lot', gtin: GTIN, lot: 'TRL1' }, 'suspect');
    expect(lot.status).toBe(403);
  });

  it.each([
    ['an unknown reason', { subject: packSubject('Q1'), reason: 'curious', incident: 'I-1' }],
    ['no incident', { subject: packSubject('Q1'), reason: 'suspect' }],
    ['an unknown field', { subject: packSubject('Q1'), reason: 'suspect', incident: 'I', x: 1 }],
    [
      'a pack subject with a lot',
      { subject: { kind: 'pack', gtin: GTIN, lot: 'TRL1' }, reason: 'suspect', incident: 'I' },
    ],
    [
      'a malformed GTIN',
      { subject: { kind: 'pack', gtin: '1', serial: 'Q1' }, reason: 'suspect', incident: 'I' },
    ],
  ])('refuses a request with %s before the ledger', async (_what, body) => {
    const height = await gw.height();
    const response = await as(gw, 'regulator').post('/trace-requests', body).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(await gw.height()).toBe(height);
  });

  it('lets only the addressee answer, once, and records it on time', async () => {
    const asked = (await ask('regulator', packSubject('Q2'), 'audit').expect(201))
      .body as TraceRequestBody;
    const wrongRole = await as(gw, 'distributor').post(`/trace-requests/${asked.id}/answer`);
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.error.code).toBe('ROLE_FORBIDDEN');
    const otherMaker = await as(gw, 'manufacturer2')
      .post(`/trace-requests/${asked.id}/answer`)
      .expect(403);
    expect(otherMaker.body.error.code).toBe('NOT_PERMITTED');
    const early = await as(gw, 'regulator').get(`/trace-requests/${asked.id}/answer`).expect(409);
    expect(early.body.error.code).toBe('TRACE_REQUEST_OPEN');
    const answered = (
      await as(gw, 'manufacturer').post(`/trace-requests/${asked.id}/answer`).expect(200)
    ).body as TraceRequestBody;
    expect(answered.answer).toMatchObject({ answeredBy: gw.gln['manufacturer'], onTime: true });
    const again = await as(gw, 'manufacturer')
      .post(`/trace-requests/${asked.id}/answer`)
      .expect(409);
    expect(again.body.error.code).toBe('TRACE_REQUEST_ANSWERED');
    const missing = await as(gw, 'regulator')
      .get(`/trace-requests/${'c'.repeat(64)}`)
      .expect(404);
    expect(missing.body.error.code).toBe('TRACE_REQUEST_NOT_FOUND');
  });

  it('answers with every owner, as EPCIS 2.0 valid against GS1’s schema', async () => {
    const asked = (await ask('pharmacist', packSubject('Q1'), 'illegitimate').expect(201))
      .body as TraceRequestBody;
    const answered = (
      await as(gw, 'manufacturer').post(`/trace-requests/${asked.id}/answer`).expect(200)
    ).body as TraceRequestBody;
    const answer = await as(gw, 'pharmacist').get(`/trace-requests/${asked.id}/answer`).expect(200);
    expect(answer.body).toMatchObject({
      view: 'partner',
      complete: true,
      owners: [gw.gln['manufacturer'], gw.gln['distributor'], gw.gln['pharmacist']],
    });
    const response = await as(gw, 'pharmacist')
      .get(`/trace-requests/${asked.id}/answer/epcis`)
      .expect(200);
    expect(response.headers['content-type']).toContain('application/ld+json');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(await loadEpcisSchema());
    expect(validate(response.body)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const broken = structuredClone(response.body);
    broken.epcisBody.eventList[0].action = 'JUMP';
    expect(validate(broken)).toBe(false);
    const document = response.body as {
      creationDate: string;
      epcisBody: { eventList: Array<Record<string, unknown>> };
    };
    expect(document.creationDate).toBe(answered.answer?.answeredAt);
    expect(
      document.epcisBody.eventList.map(
        (event) => `${String(event['type'])}:${String(event['bizStep'])}`,
      ),
    ).toEqual([
      'ObjectEvent:commissioning',
      'AggregationEvent:packing',
      'ObjectEvent:shipping',
      'ObjectEvent:receiving',
      'ObjectEvent:shipping',
      'ObjectEvent:receiving',
    ]);
    const pharmacyUri = `https://id.gs1.org/414/${gw.gln['pharmacist'] ?? ''}`;
    expect(document.epcisBody.eventList[4]).toMatchObject({
      destinationList: [{ type: 'owning_party', destination: pharmacyUri }],
    });
  });

  it('answers a lot with each shared event once, naming all its packs', async () => {
    const asked = (
      await ask('regulator', { kind: 'lot', gtin: GTIN, lot: 'TRL1' }, 'recall').expect(201)
    ).body as TraceRequestBody;
    await as(gw, 'manufacturer').post(`/trace-requests/${asked.id}/answer`).expect(200);
    const response = await as(gw, 'regulator')
      .get(`/trace-requests/${asked.id}/answer/epcis`)
      .expect(200);
    const validate = new Ajv({ strict: false, allErrors: true });
    addFormats(validate);
    expect(validate.compile(await loadEpcisSchema())(response.body)).toBe(true);
    const events = (response.body as { epcisBody: { eventList: Array<Record<string, unknown>> } })
      .epcisBody.eventList;
    const ids = events.map((event) => event['eventID']);
    expect(new Set(ids).size).toBe(ids.length);
    const commissioning = events.find((event) => event['bizStep'] === 'commissioning');
    expect((commissioning?.['epcList'] as string[]).sort()).toEqual(
      ['Q1', 'Q2', 'Q3'].map((serial) => `https://id.gs1.org/01/${GTIN}/21/${serial}`),
    );
  });

  it("pages a lot's answer and its EPCIS document, the next page named in a Link header", async () => {
    const asked = (
      await ask('regulator', { kind: 'lot', gtin: GTIN, lot: 'TRL1' }, 'recall').expect(201)
    ).body as TraceRequestBody;
    await as(gw, 'manufacturer').post(`/trace-requests/${asked.id}/answer`).expect(200);
    const first = await as(gw, 'regulator')
      .get(`/trace-requests/${asked.id}/answer?pageSize=2`)
      .expect(200);
    const firstPage = first.body as {
      packs: { serial: string }[];
      complete: boolean;
      bookmark: string;
    };
    expect(firstPage.packs).toHaveLength(2);
    expect(firstPage.complete).toBe(false);
    const second = await as(gw, 'regulator')
      .get(
        `/trace-requests/${asked.id}/answer?pageSize=2&bookmark=${encodeURIComponent(firstPage.bookmark)}`,
      )
      .expect(200);
    const secondPage = second.body as typeof firstPage;
    expect(secondPage).toMatchObject({ complete: true, bookmark: '' });
    expect([...firstPage.packs, ...secondPage.packs].map((traced) => traced.serial).sort()).toEqual(
      ['Q1', 'Q2', 'Q3'],
    );

    const document = await as(gw, 'regulator')
      .get(`/trace-requests/${asked.id}/answer/epcis?pageSize=2`)
      .expect(200);
    const link = String(document.headers['link']);
    const next = /^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? '';
    expect(next).toContain(`/api/v1/trace-requests/${asked.id}/answer/epcis?pageSize=2&bookmark=`);
    const last = await as(gw, 'regulator').get(next.replace('/api/v1', '')).expect(200);
    expect(last.headers['link']).toBeUndefined();
    const commissioned = (body: unknown): string[] =>
      (body as { epcisBody: { eventList: Array<Record<string, unknown>> } }).epcisBody.eventList
        .filter((event) => event['bizStep'] === 'commissioning')
        .flatMap((event) => event['epcList'] as string[]);
    expect([...commissioned(document.body), ...commissioned(last.body)].sort()).toEqual(
      ['Q1', 'Q2', 'Q3'].map((serial) => `https://id.gs1.org/01/${GTIN}/21/${serial}`),
    );
    const tooBig = await as(gw, 'regulator')
      .get(`/trace-requests/${asked.id}/answer?pageSize=201`)
      .expect(400);
    expect(tooBig.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lists open requests for the regulator, overdue from asOf, and refuses a bad asOf', async () => {
    const asked = (await ask('distributor', packSubject('Q2'), 'suspect').expect(201))
      .body as TraceRequestBody;
    const open = await as(gw, 'regulator')
      .get(`/trace-requests?status=open&asOf=${encodeURIComponent(asked.requestedAt)}`)
      .expect(200);
    expect(
      (open.body.items as Array<{ id: string; overdue: boolean }>).find(
        (item) => item.id === asked.id,
      ),
    ).toMatchObject({ overdue: false });
    const overdue = await as(gw, 'regulator')
      .get(`/trace-requests?status=overdue&asOf=${encodeURIComponent(after(asked.dueAt))}`)
      .expect(200);
    expect(
      (overdue.body.items as Array<{ id: string; overdue: boolean }>).find(
        (item) => item.id === asked.id,
      ),
    ).toMatchObject({ overdue: true });
    const bad = await as(gw, 'regulator').get('/trace-requests?asOf=yesterday').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const stranger = await as(gw, 'pharmacist2')
      .get(`/trace-requests?status=open&asOf=${encodeURIComponent(after(asked.dueAt))}`)
      .expect(200);
    expect(stranger.body.items).toEqual([]);
  });
});
