import {
  Tx,
  type EventErrorDeclaration,
  type LedgerEvent,
  type Pack,
  type ProvenanceEntry,
  type Shipment,
} from '@packtrace/chaincode/client';
import { GTIN, PARTIES } from '../support/demo-parties';
import { EXPIRY, LOT, pack, registerProduct } from '../support/fixtures';
import { refusal, type EventRecorder, type ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

const MINUTE = 60_000;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * One id for every EPCIS event the ledger records, the same in its chaincode event and in the
 * provenance of what it changed; and EPCIS 2.0 error declarations on recorded events, by their
 * recorder only, including the ledger's own corrections. Times come from the ledger's clock.
 */
describe('event ids and error declarations', () => {
  let d: ScenarioLedger;
  let recorder: EventRecorder;
  let n = 0;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    recorder = await d.recordEvents();
  });
  afterAll(async () => {
    recorder.close();
    await d.stop();
  });

  const at = (offsetMs: number): string => new Date(d.now().getTime() + offsetMs).toISOString();
  const capturedId = (): string =>
    `urn:uuid:0b7c2a4e-1d2f-4c3b-8a5e-${String(++n).padStart(12, '0')}`;
  const history = async (serial: string): Promise<ProvenanceEntry[]> =>
    (
      await d.evaluate<{ events: ProvenanceEntry[] }>(
        'regulator',
        Tx.GetPackHistory.name,
        GTIN,
        serial,
      )
    ).events;
  const streamed = async (txId: string): Promise<LedgerEvent> => recorder.ledgerEvent(txId);
  const commissionAs = async (serials: string[]): Promise<string> => {
    const committed = await d.commit(
      'manufacturer',
      Tx.CommissionPacks.name,
      GTIN,
      LOT,
      EXPIRY,
      JSON.stringify(serials),
    );
    return committed.txId;
  };
  const declarations = (ids: string[]) =>
    d.evaluate<Record<string, EventErrorDeclaration>>(
      'regulator',
      Tx.GetEventErrorDeclarations.name,
      JSON.stringify(ids),
    );

  describe('event ids', () => {
    it('gives a commissioning and a shipment each one id, in the stream and in provenance', async () => {
      const commissioned = await commissionAs(['E1']);
      const shipment = await d.submit<Shipment>(
        'manufacturer',
        Tx.Ship.name,
        PARTIES.distributor.gln,
        JSON.stringify([pack('E1')]),
      );
      const commissionId = (await streamed(commissioned)).epcis[0]?.eventID;
      const shipId = (await streamed(shipment.id)).epcis[0]?.eventID;
      expect(commissionId).toMatch(UUID_URN);
      expect(shipId).toMatch(UUID_URN);
      expect(shipId).not.toBe(commissionId);
      const entries = await history('E1');
      expect(entries.map((entry) => [entry.action, entry.eventId])).toEqual([
        ['commissioned', commissionId],
        ['shipped', shipId],
      ]);
      expect(shipment.lastEvent.eventId).toBe(shipId);
    });

    it('keeps a captured event’s own id in the stream and in provenance', async () => {
      const id = capturedId();
      const answer = await d.submit<{ capture: { txId: string } }>(
        'manufacturer',
        Tx.CaptureEvent.name,
        id,
        at(-MINUTE),
        'commissioning',
        JSON.stringify({ gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: ['E2'] }),
      );
      expect((await streamed(answer.capture.txId)).epcis.map((f) => f.eventID)).toEqual([id]);
      expect((await history('E2')).map((entry) => entry.eventId)).toEqual([id]);
    });

    it('keeps one captured decommissioning of several packs one event under its id', async () => {
      await commissionAs(['E3', 'E4']);
      const id = capturedId();
      const answer = await d.submit<{ capture: { txId: string } }>(
        'manufacturer',
        Tx.CaptureEvent.name,
        id,
        at(-MINUTE),
        'decommissioning',
        JSON.stringify({ packs: [pack('E3'), pack('E4')], reason: 'exported' }),
      );
      const event = await streamed(answer.capture.txId);
      expect(event.epcis).toHaveLength(1);
      expect(event.epcis[0]?.eventID).toBe(id);
      expect(event.epcis[0]?.epcList).toHaveLength(2);
      expect((await history('E3')).at(-1)?.eventId).toBe(id);
      expect((await history('E4')).at(-1)?.eventId).toBe(id);
    });
  });

  describe('declaring an error on an event', () => {
    let eventId: string;
    let shipTx: string;

    beforeAll(async () => {
      await commissionAs(['F1']);
      const shipment = await d.submit<Shipment>(
        'manufacturer',
        Tx.Ship.name,
        PARTIES.distributor.gln,
        JSON.stringify([pack('F1')]),
      );
      shipTx = shipment.id;
      eventId = shipment.lastEvent.eventId ?? '';
    });

    it('refuses anyone but the event’s recorder, an unknown event and bad input, changing nothing', async () => {
      const height = await d.height();
      const declare = (
        user: 'manufacturer' | 'distributor',
        id: string,
        reason = 'incorrect_data',
      ) => d.submit(user, Tx.DeclareEventError.name, id, at(0), reason, '[]');
      expect((await refusal(declare('distributor', eventId))).code).toBe('NOT_PERMITTED');
      expect((await refusal(declare('manufacturer', capturedId()))).code).toBe('EVENT_NOT_FOUND');
      expect((await refusal(declare('manufacturer', eventId, 'not a reason'))).code).toBe(
        'INVALID_ARGUMENT',
      );
      expect(
        (
          await refusal(
            d.submit('manufacturer', Tx.DeclareEventError.name, eventId, 'yesterday', '', '[]'),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
      expect(
        (
          await refusal(
            d.submit('manufacturer', Tx.DeclareEventError.name, eventId, at(0), '', '{}'),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
      expect(await d.height()).toBe(height);
      expect(await declarations([eventId])).toEqual({});
    });

    it('records the recorder’s declaration, shows it in provenance, and takes it once', async () => {
      const declarationTime = at(0);
      const corrective = capturedId();
      const declared = await d.submit<EventErrorDeclaration>(
        'manufacturer',
        Tx.DeclareEventError.name,
        eventId,
        declarationTime,
        'incorrect_data',
        JSON.stringify([corrective]),
      );
      expect(declared).toMatchObject({
        eventId,
        by: PARTIES.manufacturer.gln,
        declarationTime,
        reason: 'incorrect_data',
        correctiveEventIDs: [corrective],
      });
      expect((await declarations([eventId, capturedId()]))[eventId]).toEqual(declared);
      const shipped = (await history('F1')).find((entry) => entry.txId === shipTx);
      expect(shipped?.errorDeclaration).toEqual({
        declarationTime,
        reason: 'incorrect_data',
        correctiveEventIDs: [corrective],
      });

      const again = await refusal(
        d.submit(
          'manufacturer',
          Tx.DeclareEventError.name,
          eventId,
          declarationTime,
          'incorrect_data',
          JSON.stringify([corrective]),
        ),
      );
      expect(again.code).toBe('ERROR_ALREADY_DECLARED');
      expect(again.body.details).toMatchObject({ txId: declared.txId });
      const other = await refusal(
        d.submit(
          'manufacturer',
          Tx.DeclareEventError.name,
          eventId,
          declarationTime,
          'did_not_occur',
          '[]',
        ),
      );
      expect(other.code).toBe('ERROR_DECLARATION_CONFLICT');
      expect((await declarations([eventId]))[eventId]).toEqual(declared);
    });

    it('lets a party declare an error on an event it captured, under the event’s own id', async () => {
      const id = capturedId();
      await d.submit(
        'manufacturer',
        Tx.CaptureEvent.name,
        id,
        at(-MINUTE),
        'commissioning',
        JSON.stringify({ gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: ['F2'] }),
      );
      await d.submit('manufacturer', Tx.DeclareEventError.name, id, at(0), 'did_not_occur', '[]');
      expect((await history('F2'))[0]?.errorDeclaration).toEqual({
        declarationTime: expect.any(String) as unknown,
        reason: 'did_not_occur',
        correctiveEventIDs: [],
      });
    });
  });

  describe('the ledger’s own corrections', () => {
    it('declares a cancelled shipment’s shipping event in error, corrected by the cancellation', async () => {
      await commissionAs(['G1']);
      const shipment = await d.submit<Shipment>(
        'manufacturer',
        Tx.Ship.name,
        PARTIES.pharmacy2.gln,
        JSON.stringify([pack('G1')]),
      );
      const cancel = await d.commit(
        'manufacturer',
        Tx.CancelShipment.name,
        shipment.id,
        'wrong party',
      );
      const shipId = (await streamed(shipment.id)).epcis[0]?.eventID ?? '';
      const cancelId = (await streamed(cancel.txId)).epcis[0]?.eventID;
      expect(cancelId).toMatch(UUID_URN);
      const declared = (await declarations([shipId]))[shipId];
      expect(declared).toMatchObject({
        by: PARTIES.manufacturer.gln,
        reason: 'incorrect_data',
        correctiveEventIDs: [cancelId],
      });
      const entries = await history('G1');
      expect(entries.find((entry) => entry.eventId === shipId)?.errorDeclaration).toMatchObject({
        correctiveEventIDs: [cancelId],
      });
      expect(entries.find((entry) => entry.eventId === cancelId)?.errorDeclaration).toBeUndefined();
    });

    it('declares an undone decommissioning in error, corrected by the undo', async () => {
      await commissionAs(['G2']);
      const decommissioned = await d.submit<Pack>(
        'manufacturer',
        Tx.Decommission.name,
        GTIN,
        'G2',
        'exported',
        '',
      );
      const undo = await d.commit('manufacturer', Tx.UndoDecommission.name, GTIN, 'G2');
      const undoId = (await streamed(undo.txId)).epcis[0]?.eventID;
      const decommissionId = decommissioned.lastEvent.eventId ?? '';
      expect((await declarations([decommissionId]))[decommissionId]).toMatchObject({
        reason: 'did_not_occur',
        correctiveEventIDs: [undoId],
      });
      const entries = await history('G2');
      expect(
        entries.find((entry) => entry.action === 'exported')?.errorDeclaration?.correctiveEventIDs,
      ).toEqual([undoId]);
    });
  });
});
