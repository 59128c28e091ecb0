import { Tx, type DocumentCaptureResult, type LedgerEvent } from '@packtrace/chaincode/client';
import { GTIN, PARTIES } from '../support/demo-parties';
import { CASE_1, CASE_2, EXPIRY, LOT, container, pack, registerProduct } from '../support/fixtures';
import { refusal, type ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

const MINUTE = 60 * 1000;

interface PackView {
  readonly pack: {
    readonly custodian: string;
    readonly status: string;
    readonly parent: string | null;
    readonly shipment: string | null;
  };
}

/**
 * `epcis:CaptureDocument`: a document's events recorded in one transaction, each as
 * `epcis:CaptureEvent` records it, a later one seeing what an earlier one wrote, and a refusal
 * of any refusing them all. Times come from the ledger's own clock, so the suite holds any day.
 */
describe('EPCIS document captured whole on the ledger', () => {
  let d: ScenarioLedger;
  let n = 0;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
  });
  afterAll(async () => d.stop());

  const eventId = (): string => `urn:uuid:0d0c0a1e-6f1e-4f5e-9a44-${String(++n).padStart(12, '0')}`;
  const at = (offsetMs: number): string => new Date(d.now().getTime() + offsetMs).toISOString();
  const event = (step: string, args: object, time = at(-MINUTE)) => ({
    eventId: eventId(),
    eventTime: time,
    step,
    args,
  });
  const commissioning = (serials: string[], lot = LOT) =>
    event('commissioning', { gtin: GTIN, lot, expiry: EXPIRY, serials });
  const packing = (sscc: string, serials: string[]) =>
    event('packing', { sscc, kind: 'case', children: serials.map(pack) });
  const shipping = (items: object[]) => event('shipping', { to: PARTIES.distributor.gln, items });
  const captureDocument = (events: object[]) =>
    d.submit<DocumentCaptureResult>('manufacturer', Tx.CaptureDocument, JSON.stringify(events));
  const packView = async (serial: string): Promise<PackView | undefined> => {
    try {
      return await d.evaluate<PackView>('regulator', Tx.GetPack, GTIN, serial);
    } catch {
      return undefined;
    }
  };

  it('records commissioning, packing and shipping in one transaction, each event under its own id', async () => {
    const recorder = await d.recordEvents();
    const document = [
      commissioning(['D1', 'D2'], 'LOT-DOC-1'),
      packing(CASE_1, ['D1', 'D2']),
      shipping([container(CASE_1)]),
    ];
    const done = await captureDocument(document);
    expect(done.events).toEqual(
      document.map((e, index) => ({
        index,
        eventId: e.eventId,
        step: e.step,
        status: 'recorded',
        txId: done.txId,
      })),
    );
    // The packing saw the packs the commissioning wrote, the shipping the case the packing made.
    expect((await packView('D1'))?.pack).toMatchObject({ parent: CASE_1, status: 'active' });
    const shipment = await d.evaluate<{ to: string; status: string; items: object[] }>(
      'regulator',
      Tx.GetShipment,
      done.txId,
    );
    expect(shipment).toMatchObject({
      to: PARTIES.distributor.gln,
      status: 'in_transit',
      items: [container(CASE_1)],
    });
    // Fabric keeps one version of a record per transaction; the pack's history tells each event.
    const history = await d.evaluate<{ events: Array<{ action: string; eventId: string }> }>(
      'regulator',
      Tx.GetPackHistory,
      GTIN,
      'D1',
    );
    expect(history.events.map((entry) => [entry.action, entry.eventId])).toEqual([
      ['commissioned', document[0]?.eventId],
      ['packed', document[1]?.eventId],
      ['shipped', document[2]?.eventId],
    ]);
    const ledgerEvent: LedgerEvent = await recorder.ledgerEvent(done.txId);
    recorder.close();
    expect(ledgerEvent.type).toBe('EpcisDocumentCaptured');
    expect(ledgerEvent.epcis.map((fields) => [fields.eventID, fields.eventTime])).toEqual(
      document.map((e) => [e.eventId, e.eventTime]),
    );
    expect(ledgerEvent.parties).toEqual(
      expect.arrayContaining([PARTIES.manufacturer.gln, PARTIES.distributor.gln]),
    );

    // Posted again: every event already recorded, by that transaction; nothing changes.
    const again = await captureDocument(document);
    expect(again.events.map((e) => [e.status, e.txId])).toEqual(
      document.map(() => ['already_recorded', done.txId]),
    );
  });

  it('refuses a document whose third event is refused, recording nothing of it', async () => {
    const height = await d.height();
    const third = shipping([pack('E1')]);
    const document = [
      commissioning(['E1', 'E2'], 'LOT-DOC-2'),
      packing(CASE_2, ['E1', 'E2']),
      // E1 is in the case the second event packed: the ledger refuses shipping it alone.
      third,
    ];
    const refused = await refusal(captureDocument(document));
    expect(refused.code).toBe('IN_CONTAINER');
    expect(refused.body.details).toMatchObject({ event: { index: 2, eventId: third.eventId } });
    expect(refused.message).toContain(`event 2 (${third.eventId})`);
    expect(await d.height()).toBe(height);
    expect(await packView('E1')).toBeUndefined();
    expect(await packView('E2')).toBeUndefined();
    // No capture record was kept: the first event alone is recorded as new.
    const first = await d.submit<{ capture: { txId: string } }>(
      'manufacturer',
      Tx.CaptureEvent,
      ...[document[0]].flatMap((e) =>
        e === undefined ? [] : [e.eventId, e.eventTime, e.step, JSON.stringify(e.args)],
      ),
    );
    expect(first.capture.txId).not.toBe('');
    expect((await packView('E1'))?.pack).toMatchObject({
      custodian: PARTIES.manufacturer.gln,
      parent: null,
      shipment: null,
    });
  });

  it('refuses what one transaction cannot hold, naming the event', async () => {
    const height = await d.height();
    const cases: Array<[object[], string, number]> = [
      [[shipping([pack('F1')]), shipping([pack('F2')])], 'INVALID_ARGUMENT', 1],
      [
        [commissioning(['F3'], 'LOT-DOC-3'), commissioning(['F4'], 'LOT-DOC-3')],
        'INVALID_ARGUMENT',
        1,
      ],
      [
        [
          event('dispensing', {
            packs: Array.from({ length: 2001 }, (_, i) => pack(`G${i}`)),
          }),
        ],
        'LIMIT_EXCEEDED',
        0,
      ],
    ];
    for (const [document, code, index] of cases) {
      const refused = await refusal(captureDocument(document));
      expect([refused.code, refused.body.details?.['event']]).toEqual([
        code,
        expect.objectContaining({ index }),
      ]);
    }
    const tooMany = Array.from({ length: 101 }, () => event('observation', {}));
    expect((await refusal(captureDocument(tooMany))).code).toBe('LIMIT_EXCEEDED');
    expect(await d.height()).toBe(height);
  });
});
