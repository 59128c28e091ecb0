import { LedgerFailure } from '@packtrace/ledger';
import { captureDocument } from '../src/epcis/capture-document';
import type { LedgerCaller } from '../src/ledger/ledger-caller';
import {
  caseUri,
  commissioningFields,
  epcisClock,
  epcisDocument,
  eventIdOf,
  packUri,
  packingFields,
  shippingFields,
  stamped,
  startEpcisGateway,
  type CapturedEvent,
  type EpcisEvent,
} from './support/epcis-capture';
import { as, type TestGateway } from './support/test-gateway';

/** A day ago, on the hour. */
const timeAt = epcisClock(24);

type Event = EpcisEvent;

const documentOf = (events: Event[]) => epcisDocument(events, timeAt(8));
const idOf = (n: string): string => eventIdOf('7a1b0000', n);
const event = (n: string, hour: number, fields: Event): Event =>
  stamped(idOf(n), timeAt(hour), fields);
const commission = (n: string, lot: string, serials: string[]): Event =>
  event(n, 1, commissioningFields(serials, lot));
const packing = (n: string, parent: string, serials: string[]): Event =>
  event(n, 2, packingFields(parent, serials.map(packUri)));
const ship = (n: string, epcs: string[], to: string): Event =>
  event(n, 3, shippingFields(epcs, to));

interface Job {
  captureID: string;
  success: boolean;
  captureErrorBehaviour: string;
  errors: Array<{ eventID: string; code: string; message: string }>;
  events: CapturedEvent[];
}

const outcomes = (job: Job): string[] =>
  job.events.map((e) => (e.error === undefined ? e.status : `${e.status}:${e.error.code}`));

/**
 * `GS1-Capture-Error-Behaviour`, as EPCIS 2.0's REST binding says: `rollback` (the default) records
 * a document whole or not at all, `proceed` event by event; the capture job reports each.
 */
describe('EPCIS capture: rollback by default, proceed on request', () => {
  let gw: TestGateway;
  let distributor: string;

  beforeAll(async () => {
    gw = await startEpcisGateway();
    distributor = gw.gln['distributor'] ?? '';
  }, 120000);
  afterAll(async () => gw.stop());

  const post = async (events: Event[], behaviour?: string): Promise<Job> => {
    const call = as(gw, 'manufacturer').post('/epcis/capture', documentOf(events));
    const response = await (behaviour === undefined
      ? call
      : call.set('GS1-Capture-Error-Behaviour', behaviour));
    expect(response.status).toBe(202);
    return response.body as Job;
  };

  it('records a document whole in one transaction when the header is absent', async () => {
    const events = [
      commission('1', 'RB1', ['R1', 'R2']),
      packing('2', caseUri('71'), ['R1', 'R2']),
      ship('3', [caseUri('71')], distributor),
    ];
    const job = await post(events);
    expect(job).toMatchObject({ success: true, captureErrorBehaviour: 'rollback', errors: [] });
    expect(outcomes(job)).toEqual(['recorded', 'recorded', 'recorded']);
    const txIds = new Set(job.events.map((e) => e.txId));
    expect(txIds.size).toBe(1);
    // Each event keeps its own id and time in the query, though one transaction recorded them.
    for (const sent of events) {
      const found = await as(gw, 'manufacturer')
        .get(`/epcis/events/${encodeURIComponent(String(sent['eventID']))}`)
        .expect(200);
      const answered = (
        found.body as { epcisBody: { queryResults: { resultsBody: { eventList: Event[] } } } }
      ).epcisBody.queryResults.resultsBody.eventList;
      expect(answered).toEqual([
        expect.objectContaining({ eventID: sent['eventID'], eventTime: sent['eventTime'] }),
      ]);
    }
    // The transaction reaches the distributor, which sees the shipment to it and not the rest.
    const theirs = await as(gw, 'distributor').get('/epcis/events').expect(200);
    expect(
      (
        theirs.body as { epcisBody: { queryResults: { resultsBody: { eventList: Event[] } } } }
      ).epcisBody.queryResults.resultsBody.eventList.map((e) => e['eventID']),
    ).toEqual([idOf('3')]);
    // Its recorder may declare one of its events in error, alone, as any recorded event.
    const declared = await post([
      { ...events[2], errorDeclaration: { declarationTime: timeAt(5), reason: 'incorrect_data' } },
    ]);
    expect(outcomes(declared)).toEqual(['recorded']);
    // Posted again: already recorded, by that one transaction.
    const again = await post(events);
    expect(again.success).toBe(true);
    expect(again.events.map((e) => [e.status, e.txId])).toEqual(
      events.map(() => ['already_recorded', [...txIds][0]]),
    );
  });

  it('records nothing of a document whose third event is refused, and names it', async () => {
    const third = ship('13', [packUri('R11')], distributor);
    const events = [
      commission('11', 'RB2', ['R11', 'R12']),
      packing('12', caseUri('72'), ['R11', 'R12']),
      // R11 is in the case the second event packs: the ledger refuses shipping it alone.
      third,
    ];
    const job = await post(events, 'rollback');
    expect(job.success).toBe(false);
    expect(job.captureErrorBehaviour).toBe('rollback');
    expect(outcomes(job)).toEqual([
      'not_recorded:DOCUMENT_NOT_RECORDED',
      'not_recorded:DOCUMENT_NOT_RECORDED',
      'refused:IN_CONTAINER',
    ]);
    expect(job.errors).toEqual([
      { eventID: third['eventID'], code: 'IN_CONTAINER', message: expect.any(String) },
    ]);
    expect(job.errors[0]?.message).toContain(`event 2 (${String(third['eventID'])})`);
    expect(job.events[0]?.error?.message).toContain(String(third['eventID']));
    await as(gw, 'manufacturer')
      .get(`/epcis/events/${encodeURIComponent(idOf('11'))}`)
      .expect(404);

    // proceed: each event on its own, as before: the first two recorded, the third refused.
    const proceeded = await post(events, 'proceed');
    expect(proceeded.captureErrorBehaviour).toBe('proceed');
    expect(proceeded.success).toBe(false);
    expect(outcomes(proceeded)).toEqual(['recorded', 'recorded', 'refused:IN_CONTAINER']);
    expect(proceeded.events[0]?.txId).not.toBe(proceeded.events[1]?.txId);
  });

  it('refuses an error declaration beside other events in rollback, recording nothing', async () => {
    const declared = {
      ...commission('21', 'RB3', ['R21']),
      errorDeclaration: { declarationTime: timeAt(4), reason: 'incorrect_data' },
    };
    const job = await post([commission('22', 'RB4', ['R22']), declared]);
    expect(outcomes(job)).toEqual([
      'not_recorded:DOCUMENT_NOT_RECORDED',
      'refused:ERROR_DECLARATION_NOT_IN_ROLLBACK',
    ]);
    await as(gw, 'manufacturer')
      .get(`/epcis/events/${encodeURIComponent(idOf('22'))}`)
      .expect(404);
  });

  it('reports every event not_confirmed when the ledger does not confirm the document', async () => {
    // A ledger that never answers whether the transaction committed (a crashed orderer link).
    const unconfirmed = {
      submit: () => Promise.reject(new LedgerFailure('outcome_unknown', 'no commit status')),
    } as unknown as LedgerCaller;
    const events = [commission('41', 'RB6', ['R41']), packing('42', caseUri('74'), ['R41'])];
    const results = await captureDocument(unconfirmed, documentOf(events), 'rollback');
    expect(results).toEqual(
      events.map((e) => ({
        eventID: e['eventID'],
        status: 'not_confirmed',
        error: { code: 'LEDGER_OUTCOME_UNKNOWN', message: 'no commit status' },
      })),
    );
  });

  it.each(['all', 'ROLLBACK', 'continue'])(
    'answers GS1-Capture-Error-Behaviour %s with 400 problem details, recording nothing',
    async (value) => {
      const response = await as(gw, 'manufacturer')
        .post('/epcis/capture', documentOf([commission('31', 'RB5', ['R31'])]))
        .set('GS1-Capture-Error-Behaviour', value)
        .expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'CAPTURE_BEHAVIOUR_INVALID', status: 400 });
      await as(gw, 'manufacturer')
        .get(`/epcis/events/${encodeURIComponent(idOf('31'))}`)
        .expect(404);
    },
  );
});
