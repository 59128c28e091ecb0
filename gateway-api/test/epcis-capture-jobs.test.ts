import {
  EPCIS_CONTEXT,
  commissioningFields,
  epcisClock,
  epcisDocument,
  eventIdOf,
  stamped,
  startEpcisGateway,
  GTIN,
  type EpcisEvent,
} from './support/epcis-capture';
import { as, type TestGateway } from './support/test-gateway';

/** A day ago, on the hour. */
const timeAt = epcisClock(24);

const documentOf = (events: EpcisEvent[]) => epcisDocument(events, timeAt(0));
/** The same events as a query's answer, which the binding says capture takes too. */
const queryDocumentOf = (events: EpcisEvent[]) => ({
  '@context': [EPCIS_CONTEXT],
  type: 'EPCISQueryDocument',
  schemaVersion: '2.0',
  creationDate: timeAt(0),
  epcisBody: {
    queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events } },
  },
});
const commissioning = (n: number, serials: string[]) =>
  stamped(eventIdOf('9c8d7e6f', n), timeAt(1), commissioningFields(serials, 'CJ1'));

/** The binding's capture conventions: the caller's jobs listed, and query documents captured. */
describe('EPCIS capture jobs and query documents', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startEpcisGateway();
  }, 120000);
  afterAll(async () => gw.stop());

  const post = async (user: string, body: object): Promise<string> =>
    (await as(gw, user).post('/epcis/capture', body).expect(202)).body.captureID as string;

  it('lists the caller’s own capture jobs, newest first, a page at a time', async () => {
    const mine = [];
    for (let i = 0; i < 3; i += 1) {
      mine.push(await post('manufacturer', documentOf([])));
    }
    const theirs = await post('distributor', documentOf([]));

    const first = await as(gw, 'manufacturer').get('/epcis/capture?perPage=2').expect(200);
    expect((first.body as Array<{ captureID: string }>).map((job) => job.captureID)).toEqual([
      mine[2],
      mine[1],
    ]);
    const link = /^<([^>]+)>; rel="next"$/.exec(String(first.headers['link']));
    expect(link).not.toBeNull();
    const nextPath = (link?.[1] ?? '').replace(/^\/api\/v1/, '');
    const second = await as(gw, 'manufacturer').get(nextPath).expect(200);
    expect((second.body as Array<{ captureID: string }>).map((job) => job.captureID)).toEqual([
      mine[0],
    ]);
    expect(second.headers['link']).toBeUndefined();
    expect(second.body[0]).toMatchObject({ running: false, success: true, events: [] });

    const other = await as(gw, 'distributor').get('/epcis/capture').expect(200);
    expect((other.body as Array<{ captureID: string }>).map((job) => job.captureID)).toEqual([
      theirs,
    ]);
    const forged = await as(gw, 'manufacturer').get('/epcis/capture?nextPageToken=abc');
    expect(forged.status).toBe(400);
    expect(forged.body.code ?? forged.body.error?.code).toBe('PAGE_TOKEN_INVALID');
    expect((await as(gw, 'regulator').get('/epcis/capture')).status).toBe(403);
  });

  it('captures the events of an EPCISQueryDocument as it does a document’s', async () => {
    const response = await as(gw, 'manufacturer')
      .post('/epcis/capture', queryDocumentOf([commissioning(1, ['CJ1', 'CJ2'])]))
      .expect(202);
    expect(response.body.events).toEqual([
      expect.objectContaining({ status: 'recorded', step: 'commissioning' }),
    ]);
    const pack = await as(gw, 'regulator').get(`/packs/${GTIN}/CJ2`).expect(200);
    expect(pack.body.pack).toMatchObject({ custodian: gw.gln['manufacturer'], status: 'active' });
  }, 60000);

  it('bounds a query document’s event list as it bounds a document’s', async () => {
    const before = await gw.height();
    const events = Array.from({ length: 101 }, (_, i) => commissioning(100 + i, [`CJX${i}`]));
    const response = await as(gw, 'manufacturer').post('/epcis/capture', queryDocumentOf(events));
    expect(response.status).toBe(400);
    expect(response.body.code ?? response.body.error?.code).toBe('LIMIT_EXCEEDED');
    expect(JSON.stringify(response.body)).toContain(
      '/epcisBody/queryResults/resultsBody/eventList',
    );
    expect(await gw.height()).toBe(before);
  }, 60000);
});
