import type { ValidateFunction } from 'ajv';
import {
  GTIN,
  caseUri as caseUriOf,
  commissioningFields,
  epcisClock,
  epcisDocument,
  epcisSchemaValidator,
  eventIdOf,
  eventListOf,
  packUri as pack,
  packingFields,
  shippingFields,
  sscc,
  stamped,
  startEpcisGateway,
  type EpcisEvent,
} from './support/epcis-capture';
import { as, type TestGateway } from './support/test-gateway';

/*
 * The binding's SimpleEventQuery parameters on GET /epcis/events: each one filters what it
 * should, and those that cannot apply here (or do not exist) are refused as a
 * QueryParameterException. Events come from one capture and one recall; expectations are
 * computed from the manufacturer's whole answer, so they hold whatever else the ledger holds and
 * whatever times it stamps (embedded or Fabric).
 */

const LOT = 'QP1';
/** Two days ago on the hour: the ledger records events only near its own time. */
const timeAt = epcisClock(48);

const CASE = sscc('7001');
const caseUri = caseUriOf('7001');
/** The same case as an EPC URN (company prefix 9506000). */
const caseUrn = `urn:epc:id:sscc:9506000.${CASE.slice(0, 1)}${CASE.slice(8, 17)}`;
const id = (n: number): string => eventIdOf('00000000', `710${n}`);

type Event = EpcisEvent;

const DECOMMISSION: Event = stamped(id(4), timeAt(4), {
  type: 'ObjectEvent',
  action: 'OBSERVE',
  bizStep: 'decommissioning',
  disposition: 'destroyed',
  epcList: [pack('Q4')],
});

describe('EPCIS SimpleEventQuery parameters', () => {
  let gw: TestGateway;
  let validate: ValidateFunction;
  let all: Event[];

  const query = async (params: string, user = 'manufacturer'): Promise<Event[]> => {
    const response = await as(gw, user).get(`/epcis/events?${params}`);
    expect(response.status).toBe(200);
    expect(validate(response.body)).toBe(true);
    return eventListOf(response.body);
  };
  const idsOf = (events: Event[]): string[] => events.map((e) => String(e['eventID']));
  const ids = async (params: string): Promise<string[]> => idsOf(await query(params));
  /** The ids of the manufacturer's events `keep` keeps, in commit order. */
  const expected = (keep: (event: Event) => boolean): string[] => idsOf(all.filter(keep));

  beforeAll(async () => {
    gw = await startEpcisGateway();
    validate = await epcisSchemaValidator();
    const captured = await as(gw, 'manufacturer').post(
      '/epcis/capture',
      epcisDocument(
        [
          stamped(id(1), timeAt(1), commissioningFields(['Q1', 'Q2', 'Q3', 'Q4'], LOT)),
          stamped(id(2), timeAt(2), packingFields(caseUri, [pack('Q1'), pack('Q2')])),
          stamped(id(3), timeAt(3), shippingFields([caseUri], gw.gln['distributor'] ?? '')),
          DECOMMISSION,
        ],
        timeAt(5),
      ),
    );
    expect(captured.status).toBe(202);
    expect(captured.body.success).toBe(true);
    await as(gw, 'manufacturer')
      .post(`/batches/${GTIN}/${LOT}/recall`, { reason: 'query parameter test' })
      .expect(200);
    all = await query('perPage=200');
    expect(idsOf(all)).toEqual(expect.arrayContaining([id(1), id(2), id(3), id(4)]));
  }, 120000);
  afterAll(async () => gw.stop());

  const recall = (): Event | undefined => all.find((e) => e['bizStep'] === 'holding');

  it('EQ_action keeps the events of those actions, and refuses any other action', async () => {
    expect(await ids('EQ_action=ADD')).toEqual(expected((e) => e['action'] === 'ADD'));
    expect(await ids('EQ_action=ADD|OBSERVE')).toEqual(idsOf(all));
    expect(await ids('EQ_action=DELETE')).toEqual([]);
    const refused = await as(gw, 'manufacturer').get('/epcis/events?EQ_action=MOVE');
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe('epcisException:QueryParameterException');
  });

  it('EQ_disposition matches bare words, CBV URNs and GS1 web URIs alike', async () => {
    expect(await ids('EQ_disposition=destroyed')).toEqual([id(4)]);
    expect(await ids('EQ_disposition=urn:epcglobal:cbv:disp:in_transit')).toEqual([id(3)]);
    expect(
      await ids(`EQ_disposition=${encodeURIComponent('https://ref.gs1.org/cbv/Disp-recalled')}`),
    ).toEqual(expected((e) => e['disposition'] === 'recalled'));
  });

  it('MATCH_parentID, MATCH_epc (with EPC patterns) and MATCH_anyEPC match what they name', async () => {
    expect(await ids(`MATCH_parentID=${caseUrn}`)).toEqual([id(2)]);
    expect(await ids(`MATCH_parentID=${encodeURIComponent(pack('Q1'))}`)).toEqual([]);
    expect(await ids(`MATCH_epc=${encodeURIComponent(pack('Q2'))}`)).toEqual([id(1), id(2)]);
    expect(await ids('MATCH_epc=urn:epc:idpat:sgtin:9506000.013435.*')).toEqual([
      id(1),
      id(2),
      id(4),
    ]);
    expect(await ids(`MATCH_anyEPC=${encodeURIComponent(caseUri)}`)).toEqual([id(2), id(3)]);
  });

  it('MATCH_inputEPC and MATCH_outputEPC match only transformations, which none of these are', async () => {
    expect(await ids(`MATCH_inputEPC=${encodeURIComponent(pack('Q1'))}`)).toEqual([]);
    expect(await ids(`MATCH_outputEPC=${encodeURIComponent(pack('Q1'))}`)).toEqual([]);
  });

  it('MATCH_epcClass and MATCH_anyEPCClass match a lot in any spelling, or its GTIN', async () => {
    const recalled = [String(recall()?.['eventID'])];
    expect(recalled).not.toEqual(['undefined']);
    const lot = `https://id.gs1.org/01/${GTIN}/10/${LOT}`;
    expect(await ids(`MATCH_epcClass=${encodeURIComponent(lot)}`)).toEqual(recalled);
    expect(await ids(`MATCH_epcClass=urn:epc:class:lgtin:9506000.013435.${LOT}`)).toEqual(recalled);
    expect(
      await ids(`MATCH_anyEPCClass=${encodeURIComponent(`https://id.gs1.org/01/${GTIN}`)}`),
    ).toEqual(recalled);
    expect(await ids('MATCH_epcClass=urn:epc:class:lgtin:9506000.013435.OTHER')).toEqual([]);
    // Only transformations have input and output quantities: the platform records none.
    expect(await ids(`MATCH_inputEPCClass=${encodeURIComponent(lot)}`)).toEqual([]);
    expect(await ids(`MATCH_outputEPCClass=${encodeURIComponent(lot)}`)).toEqual([]);
  });

  it('answers a perPage above its largest page with its largest page, as the binding lets it', async () => {
    expect(await ids('perPage=1000')).toEqual(idsOf(all));
  });

  it('EQ_eventID keeps the events of those ids', async () => {
    expect(await ids(`EQ_eventID=${id(2)}|${id(4)}`)).toEqual([id(2), id(4)]);
    expect(await ids(`EQ_eventID=urn:uuid:00000000-0000-4000-8000-000000000000`)).toEqual([]);
  });

  it('GE_recordTime and LT_recordTime bound the time the ledger recorded the event', async () => {
    const bound = String(all[2]?.['recordTime']);
    const at = Date.parse(bound);
    expect(await ids(`GE_recordTime=${encodeURIComponent(bound)}`)).toEqual(
      expected((e) => Date.parse(String(e['recordTime'])) >= at),
    );
    expect(await ids(`LT_recordTime=${encodeURIComponent(bound)}`)).toEqual(
      expected((e) => Date.parse(String(e['recordTime'])) < at),
    );
  });

  it('EQ_readPoint, WD_readPoint and WD_bizLocation match the party’s GLN in any spelling', async () => {
    const gln = gw.gln['manufacturer'] ?? '';
    const sgln = `urn:epc:id:sgln:${gln.slice(0, 7)}.${gln.slice(7, 12)}.0`;
    const read = (e: Event) => (e['readPoint'] as { id: string }).id.endsWith(gln);
    expect(await ids(`EQ_readPoint=${sgln}`)).toEqual(expected(read));
    expect(await ids(`WD_readPoint=${sgln}`)).toEqual(expected(read));
    expect(await ids(`WD_bizLocation=${sgln}`)).toEqual(
      expected((e) => (e['bizLocation'] as { id: string } | undefined)?.id.endsWith(gln) === true),
    );
    expect(await ids('EQ_readPoint=urn:epc:id:sgln:9506000.99999.0')).toEqual([]);
  });

  it('EQ_source_{type} and EQ_destination_{type} match the typed parties of a shipment', async () => {
    const to = `https://id.gs1.org/414/${gw.gln['distributor'] ?? ''}`;
    const from = `https://id.gs1.org/414/${gw.gln['manufacturer'] ?? ''}`;
    expect(await ids(`EQ_destination_owning_party=${encodeURIComponent(to)}`)).toEqual([id(3)]);
    expect(
      await ids(
        `${encodeURIComponent('EQ_destination_urn:epcglobal:cbv:sdt:owning_party')}=${encodeURIComponent(to)}`,
      ),
    ).toEqual([id(3)]);
    expect(await ids(`EQ_source_owning_party=${encodeURIComponent(from)}`)).toEqual([id(3)]);
    expect(await ids(`EQ_source_possessing_party=${encodeURIComponent(from)}`)).toEqual([]);
    expect(await ids(`EQ_destination_owning_party=${encodeURIComponent(from)}`)).toEqual([]);
    // The platform records no business transactions: a valid question, answered with none.
    expect(await ids('EQ_bizTransaction_po=urn:epcglobal:cbv:bt:0614141073467:1152')).toEqual([]);
  });

  it('orders by eventTime or recordTime, DESC unless told, and eventCountLimit keeps the first', async () => {
    const byEventTime = [...all].sort(
      (a, b) => Date.parse(String(a['eventTime'])) - Date.parse(String(b['eventTime'])),
    );
    expect(await ids('orderBy=eventTime&orderDirection=ASC')).toEqual(idsOf(byEventTime));
    expect(await ids('orderBy=eventTime')).toEqual(idsOf([...byEventTime].reverse()));
    expect(await ids('orderBy=eventTime&orderDirection=ASC&eventCountLimit=2')).toEqual([
      id(1),
      id(2),
    ]);
    // Without orderBy the binding gives orderDirection no meaning: the answer stays in commit order.
    expect(await ids('orderDirection=ASC')).toEqual(idsOf(all));
    expect(await ids('orderBy=recordTime&orderDirection=DESC&eventCountLimit=1')).toEqual([
      String(recall()?.['eventID']),
    ]);
  });

  it('pages an ordered answer with the same snapshot, page after page', async () => {
    const seen: string[] = [];
    let path = '/epcis/events?orderBy=eventTime&orderDirection=ASC&perPage=2';
    for (let page = 0; page < 10; page += 1) {
      const response = await as(gw, 'manufacturer').get(path).expect(200);
      seen.push(...idsOf(response.body.epcisBody.queryResults.resultsBody.eventList as Event[]));
      const next = /^<\/api\/v1([^>]+)>; rel="next"$/.exec(String(response.headers['link']));
      if (next === null) {
        break;
      }
      path = next[1] ?? '';
    }
    expect(seen).toEqual(await ids('orderBy=eventTime&orderDirection=ASC'));
  });

  it('maxEventCount refuses a larger answer as QueryTooLargeException, and answers a smaller one', async () => {
    const refused = await as(gw, 'manufacturer').get('/epcis/events?maxEventCount=2');
    expect(refused.status).toBe(413);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'epcisException:QueryTooLargeException',
      status: 413,
      code: 'QUERY_TOO_LARGE',
    });
    expect(await ids(`maxEventCount=${all.length}`)).toEqual(idsOf(all));
  });

  it('EXISTS_errorDeclaration=true keeps only declared events (none here); false keeps all', async () => {
    expect(await ids('EXISTS_errorDeclaration=true')).toEqual([]);
    expect(await ids('EXISTS_errorDeclaration=false')).toEqual(idsOf(all));
    expect(await ids('EQ_errorReason=incorrect_data')).toEqual([]);
  });

  it.each([
    ['eventCountLimit=1', 'eventCountLimit'],
    ['orderBy=eventTime&eventCountLimit=1&maxEventCount=3', 'exclude each other'],
    ['orderBy=quantity', 'orderBy'],
    ['EQ_type=Temperature', 'sensor'],
    ['GT_value_CEL=8', 'sensor'],
    ['EQ_quantity=5', 'quantities'],
    ['EQ_persistentDisposition_set=completeness_verified', 'persistent'],
    ['EQ_ILMD_cbvmda%3AlotNumber=QP1', 'ILMD'],
    ['EQ_ext%3Afield=1', 'extension'],
    ['EQ_source_=x', 'EQ_source_'],
    ['colour=blue', 'colour'],
    ['constructor=x', 'constructor'],
    ['EXISTS_errorDeclaration=yes', 'true or false'],
    ['EQ_bizStep=', 'at least one value'],
    ['EQ_source_owning_party=%7C', 'at least one value'],
  ])('refuses %s as a QueryParameterException that says why', async (params, why) => {
    const response = await as(gw, 'manufacturer').get(`/epcis/events?${params}`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      type: 'epcisException:QueryParameterException',
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(JSON.stringify(response.body.details.issues)).toContain(why);
  });

  it('finds an event declared in error by EXISTS_errorDeclaration, EQ_errorReason, EQ_correctiveEventID and the declaration time', async () => {
    const declaration = {
      declarationTime: new Date(Date.now() - 60_000).toISOString(),
      reason: 'did_not_occur',
      correctiveEventIDs: [id(1)],
    };
    const declared = await as(gw, 'manufacturer').post(
      '/epcis/capture',
      epcisDocument([{ ...DECOMMISSION, errorDeclaration: declaration }], timeAt(6)),
    );
    expect(declared.status).toBe(202);
    expect(declared.body.events[0].status).toBe('recorded');
    const at = encodeURIComponent(declaration.declarationTime);
    expect(await ids('EXISTS_errorDeclaration=true')).toEqual([id(4)]);
    expect(await ids('EXISTS_errorDeclaration=true&orderBy=eventTime')).toEqual([id(4)]);
    expect(await ids('EQ_errorReason=urn:epcglobal:cbv:er:did_not_occur')).toEqual([id(4)]);
    expect(await ids('EQ_errorReason=incorrect_data')).toEqual([]);
    expect(await ids(`EQ_correctiveEventID=${id(1)}`)).toEqual([id(4)]);
    expect(await ids(`GE_errorDeclarationTime=${at}`)).toEqual([id(4)]);
    expect(await ids(`LT_errorDeclarationTime=${at}`)).toEqual([]);
    const [event] = await query(`EQ_eventID=${id(4)}&EXISTS_errorDeclaration=true`);
    expect(event?.['errorDeclaration']).toEqual(declaration);
  });
});
