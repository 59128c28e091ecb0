import { Tx, type ProvenanceEntry, type Shipment } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { refusal } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import {
  CASE_1,
  code,
  commission,
  container,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../support/fixtures';

describe('cancelling a shipment before it is received', () => {
  let d: ScenarioLedger;

  const inventory = async (user: 'manufacturer' | 'distributor') =>
    (
      await d.evaluate<{ items: Array<{ sscc?: string; serial?: string }> }>(
        user,
        Tx.ListInventory,
        '',
        '',
      )
    ).items
      .map((item) => item.sscc ?? item.serial)
      .sort();
  const ship = (items: object[], to = PARTIES.pharmacy2.gln) =>
    d.submit<Shipment>('manufacturer', Tx.Ship, to, JSON.stringify(items));

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['C1', 'C2', 'C3', 'C4']);
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_1,
      'case',
      JSON.stringify([pack('C1'), pack('C2')]),
    );
  });
  afterAll(async () => d.stop());

  it('brings the items back to the sender, tells both parties, and records it in provenance', async () => {
    const recorder = await d.recordEvents();
    const shipment = await ship([container(CASE_1), pack('C3')]);
    expect(await inventory('manufacturer')).toEqual(['C4']);
    const cancelled = await d.submit<Shipment>(
      'manufacturer',
      Tx.CancelShipment,
      shipment.id,
      'addressed to the wrong pharmacy',
    );
    expect(cancelled).toMatchObject({ id: shipment.id, status: 'cancelled', receivedAt: null });
    expect(await inventory('manufacturer')).toEqual([CASE_1, 'C3', 'C4'].sort());
    expect((await verify(d, 'manufacturer', code('C1'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect((await verify(d, 'manufacturer', code('C3'))).verdict).toBe('AUTHENTIC_ACTIVE');

    const event = await recorder.ledgerEvent(cancelled.lastEvent.txId);
    recorder.close();
    expect(event).toMatchObject({
      type: 'ShipmentCancelled',
      parties: [PARTIES.manufacturer.gln, PARTIES.pharmacy2.gln],
      subject: { shipment: shipment.id },
    });
    const history = await d.evaluate<{ events: ProvenanceEntry[] }>(
      'manufacturer',
      Tx.GetPackHistory,
      GTIN,
      'C1',
    );
    expect(history.events.map((entry) => entry.action)).toContain('shipment_cancelled');

    // Sent again, to the right party, it travels as usual.
    await shipAndReceive(d, 'manufacturer', 'distributor', [container(CASE_1)]);
    expect(await inventory('distributor')).toEqual([CASE_1]);
  });

  it('leaves the receiver nothing to receive', async () => {
    const shipment = await ship([pack('C3')]);
    await d.submit('manufacturer', Tx.CancelShipment, shipment.id, '');
    const receive = d.submit('pharmacy2', Tx.Receive, shipment.id, JSON.stringify([pack('C3')]));
    expect((await refusal(receive)).code).toBe('SHIPMENT_CANCELLED');
    expect(reasonCodes(await verify(d, 'pharmacy2', code('C3')))).toEqual(['NOT_IN_CUSTODY']);
    expect((await refusal(d.submit('manufacturer', Tx.CancelShipment, shipment.id, ''))).code).toBe(
      'SHIPMENT_CANCELLED',
    );
  });

  it('is the sender’s alone, and only while the shipment travels', async () => {
    const shipment = await ship([pack('C4')], PARTIES.distributor.gln);
    for (const user of ['distributor', 'pharmacy'] as const) {
      expect((await refusal(d.submit(user, Tx.CancelShipment, shipment.id, ''))).code).toBe(
        'NOT_PERMITTED',
      );
    }
    await d.submit('distributor', Tx.Receive, shipment.id, JSON.stringify([pack('C4')]));
    expect((await refusal(d.submit('manufacturer', Tx.CancelShipment, shipment.id, ''))).code).toBe(
      'SHIPMENT_CLOSED',
    );
    expect(await inventory('distributor')).toContain('C4');
  });
});
