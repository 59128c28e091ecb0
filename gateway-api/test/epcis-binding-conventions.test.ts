import type { ValidateFunction } from 'ajv';
import request from 'supertest';
import {
  caseUri as caseUriOf,
  commissioningFields,
  epcisClock,
  epcisDocument,
  epcisSchemaValidator,
  eventIdOf,
  packUri as pack,
  packingFields,
  stamped,
  startEpcisGateway,
  type EpcisEvent,
} from './support/epcis-capture';
import { as, type TestGateway } from './support/test-gateway';

/*
 * The conventions of EPCIS 2.0's REST binding on every EPCIS resource: content negotiation,
 * RFC 7807 problem details with the binding's exception types (the API's code kept), the version
 * headers and their negotiation, OPTIONS discovery, and the event resources besides the query
 * (one event by id, the events of an EPC, of an event type, of a business step).
 */

/** Two days ago on the hour: the ledger records events only near its own time. */
const timeAt = epcisClock(48);
const caseUri = caseUriOf('8002');
const id = (n: number): string => eventIdOf('00000000', `820${n}`);

type Event = EpcisEvent;

describe('EPCIS 2.0 REST binding conventions', () => {
  let gw: TestGateway;
  let validate: ValidateFunction;

  const auth = (user = 'manufacturer') => `Bearer ${gw.tokens[user] ?? ''}`;
  const get = (path: string, user = 'manufacturer') =>
    request(gw.app).get(`/api/v1${path}`).set('Authorization', auth(user));
  const eventIds = (body: {
    epcisBody: { queryResults: { resultsBody: { eventList: Event[] } } };
  }): string[] =>
    body.epcisBody.queryResults.resultsBody.eventList.map((e) => String(e['eventID']));

  beforeAll(async () => {
    gw = await startEpcisGateway();
    validate = await epcisSchemaValidator();
    const captured = await as(gw, 'manufacturer').post(
      '/epcis/capture',
      epcisDocument(
        [
          stamped(id(1), timeAt(1), commissioningFields(['B1', 'B2'], 'BC1')),
          stamped(id(2), timeAt(2), packingFields(caseUri, [pack('B1'), pack('B2')])),
        ],
        timeAt(5),
      ),
    );
    expect(captured.status).toBe(202);
    expect(captured.body.success).toBe(true);
  }, 120000);
  afterAll(async () => gw.stop());

  describe('content negotiation', () => {
    it.each([
      ['application/json', 'application/json'],
      ['application/ld+json', 'application/ld+json'],
      ['*/*', 'application/json'],
      ['application/ld+json;q=0.9, application/json;q=0.5', 'application/ld+json'],
    ])('answers Accept: %s as %s', async (accept, type) => {
      const response = await get('/epcis/events').set('Accept', accept).expect(200);
      expect(response.headers['content-type']).toBe(`${type}; charset=utf-8`);
      expect(validate(response.body)).toBe(true);
    });

    it('answers no Accept header with the binding’s default, application/json', async () => {
      const response = await get('/epcis/events').unset('Accept').expect(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('refuses an Accept it cannot give with 406 NotAcceptableException', async () => {
      const response = await get('/epcis/events').set('Accept', 'application/xml');
      expect(response.status).toBe(406);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({
        type: 'epcisException:NotAcceptableException',
        status: 406,
        code: 'NOT_ACCEPTABLE',
      });
    });
  });

  describe('problem details', () => {
    it('answers an EPCIS query without sign-in as SecurityException, keeping the API’s code', async () => {
      const response = await request(gw.app).get('/api/v1/epcis/events');
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toEqual({
        type: 'epcisException:SecurityException',
        title: 'Unauthorised request',
        status: 401,
        detail: expect.stringContaining('sign in'),
        code: 'UNAUTHENTICATED',
      });
    });

    it('answers capture’s refusals the same way', async () => {
      const forbidden = await as(gw, 'regulator').post('/epcis/capture', { type: 'EPCISDocument' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ type: 'epcisException:SecurityException' });
      const invalid = await as(gw, 'manufacturer').post('/epcis/capture', { type: 'Nonsense' });
      expect(invalid.status).toBe(400);
      expect(invalid.headers['content-type']).toContain('application/problem+json');
      expect(invalid.body).toMatchObject({
        type: 'epcisException:ValidationException',
        status: 400,
      });
      expect(typeof invalid.body.code).toBe('string');
    });

    it('answers a page token not given for this query as QueryParameterException', async () => {
      const response = await get('/epcis/events?nextPageToken=nonsense');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        type: 'epcisException:QueryParameterException',
        code: 'PAGE_TOKEN_INVALID',
      });
    });

    it('answers an unknown EPCIS resource as NoSuchNameException, a method it does not take as 405', async () => {
      const missing = await get('/epcis/nowhere');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ type: 'epcisException:NoSuchNameException' });
      const method = await request(gw.app)
        .delete('/api/v1/epcis/events')
        .set('Authorization', auth());
      expect(method.status).toBe(405);
      expect(method.headers['allow']).toBe('GET, HEAD, OPTIONS');
      expect(method.body).toMatchObject({ type: 'about:blank', code: 'METHOD_NOT_ALLOWED' });
    });

    it('leaves the rest of the API’s errors in its own shape', async () => {
      const response = await get('/packs/09506000134352/NOPE');
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('PACK_NOT_FOUND');
    });
  });

  describe('versions', () => {
    it('names the EPCIS and CBV versions on every EPCIS answer, errors too', async () => {
      for (const response of [await get('/epcis/events'), await get('/epcis/nowhere')]) {
        expect(response.headers['gs1-epcis-version']).toBe('2.0.0');
        expect(response.headers['gs1-cbv-version']).toBe('2.0.0');
      }
    });

    it.each([
      ['GS1-EPCIS-Min', '2.1'],
      ['GS1-EPCIS-Max', '1.2.0'],
      ['GS1-CBV-Min', '3'],
      ['GS1-CBV-Max', '1.2'],
      ['GS1-EPCIS-Version', '1.2'],
      ['GS1-EPC-Format', 'Always_EPC_URN'],
    ])('refuses %s: %s with 406', async (header, value) => {
      const response = await get('/epcis/events').set(header, value);
      expect(response.status).toBe(406);
      expect(response.body).toMatchObject({ type: 'epcisException:NotAcceptableException' });
    });

    it('answers a client whose range holds 2.0.0', async () => {
      await get('/epcis/events')
        .set('GS1-EPCIS-Min', '1.2.0')
        .set('GS1-EPCIS-Max', '2.0')
        .set('GS1-CBV-Max', '2.0.0')
        .set('GS1-EPC-Format', 'Always_GS1_Digital_Link')
        .expect(200);
    });
  });

  describe('OPTIONS discovery', () => {
    it('answers OPTIONS on the events with Allow and the binding’s headers', async () => {
      const response = await request(gw.app)
        .options('/api/v1/epcis/events')
        .set('Authorization', auth())
        .expect(204);
      expect(response.headers['allow']).toBe('GET, HEAD, OPTIONS');
      expect(response.headers).toMatchObject({
        'gs1-epcis-version': '2.0.0',
        'gs1-epcis-min': '2.0.0',
        'gs1-epcis-max': '2.0.0',
        'gs1-cbv-version': '2.0.0',
        'gs1-cbv-min': '2.0.0',
        'gs1-cbv-max': '2.0.0',
        'gs1-epc-format': 'Always_GS1_Digital_Link',
      });
    });

    it('answers OPTIONS on the EPCIS root, the binding’s discovery of the repository', async () => {
      const response = await request(gw.app)
        .options('/api/v1/epcis')
        .set('Authorization', auth())
        .expect(204);
      expect(response.headers['allow']).toBe('OPTIONS');
      expect(response.headers['gs1-epcis-max']).toBe('2.0.0');
      expect(response.headers['gs1-cbv-max']).toBe('2.0.0');
    });

    it('answers OPTIONS on capture with its limits', async () => {
      const response = await request(gw.app)
        .options('/api/v1/epcis/capture')
        .set('Authorization', auth())
        .expect(204);
      expect(response.headers['allow']).toContain('POST');
      expect(response.headers['gs1-epcis-capture-limit']).toBe('100');
      expect(response.headers['gs1-epcis-capture-file-size-limit']).toBe(String(2 * 1024 * 1024));
      expect(response.headers['gs1-capture-error-behaviour']).toBe('all');
    });
  });

  describe('event resources', () => {
    it('reads one event by its URL-encoded eventID, as a query document', async () => {
      const response = await get(`/epcis/events/${encodeURIComponent(id(2))}`).expect(200);
      expect(eventIds(response.body)).toEqual([id(2)]);
      expect(validate(response.body)).toBe(true);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('answers an unknown event, and one the caller may not see, as NoSuchNameException', async () => {
      const unknown = await get(`/epcis/events/${encodeURIComponent(id(9))}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({
        type: 'epcisException:NoSuchNameException',
        code: 'EVENT_NOT_FOUND',
      });
      // The distributor is not party to the manufacturer's commissioning.
      const hidden = await get(`/epcis/events/${encodeURIComponent(id(1))}`, 'distributor');
      expect(hidden.status).toBe(404);
    });

    it('lists the events that name an EPC, as MATCH_anyEPC does', async () => {
      const byCase = await get(`/epcis/epcs/${encodeURIComponent(caseUri)}/events`).expect(200);
      expect(eventIds(byCase.body)).toEqual([id(2)]);
      expect(validate(byCase.body)).toBe(true);
      const byPack = await get(
        `/epcis/epcs/${encodeURIComponent('urn:epc:id:sgtin:9506000.013435.B1')}/events?EQ_action=ADD&eventType=AggregationEvent`,
      ).expect(200);
      expect(eventIds(byPack.body)).toEqual([id(2)]);
      const invalid = await get('/epcis/epcs/not-an-epc/events');
      expect(invalid.status).toBe(400);
      expect(invalid.body).toMatchObject({ type: 'epcisException:QueryParameterException' });
    });

    it('lists the event types, and the events of a type or a business step', async () => {
      const types = await get('/epcis/eventTypes').expect(200);
      expect(types.body).toMatchObject({ type: 'Collection' });
      expect(types.body.member).toEqual(
        expect.arrayContaining(['ObjectEvent', 'AggregationEvent']),
      );
      const aggregations = await get('/epcis/eventTypes/AggregationEvent/events').expect(200);
      expect(eventIds(aggregations.body)).toEqual([id(2)]);
      const commissioning = await get('/epcis/bizSteps/commissioning/events').expect(200);
      expect(eventIds(commissioning.body)).toEqual([id(1)]);
      const both = await get('/epcis/bizSteps/packing/events?EQ_bizStep=packing');
      expect(both.status).toBe(400);
      expect(both.body).toMatchObject({ type: 'epcisException:QueryParameterException' });
    });
  });
});
