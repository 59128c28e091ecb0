import { Tx, type Alert, type PackView, type Shipment } from '@packtrace/chaincode/client';
import { GTIN, PARTIES } from '../support/demo-parties';
import { commission, pack, registerProduct } from '../support/fixtures';
import { refusal, type ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

/**
 * Receiving item by item, as EPCIS receiving events do: each receives just the items it names,
 * the shipment stays open for the rest until the last arrives or its receiver (or the regulator)
 * closes it, and only a closing makes what never arrived a discrepancy.
 */
describe('partial receipts', () => {
  let d: ScenarioLedger;
  let n = 0;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11']);
  });
  afterAll(async () => d.stop());

  const ship = (serials: string[]) =>
    d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify(serials.map(pack)),
    );
  /** A captured EPCIS receiving event naming these packs, timed by the ledger's own clock. */
  const receiveEvent = (serials: string[]) =>
    d.submit<{ result: Shipment }>(
      'distributor',
      Tx.CaptureEvent,
      `urn:uuid:0f3c2a1e-5b6d-4e7f-8a9b-${String(++n).padStart(12, '0')}`,
      d.now().toISOString(),
      'receiving',
      JSON.stringify({ items: serials.map(pack) }),
    );
  const shipment = (id: string) => d.evaluate<Shipment>('distributor', Tx.GetShipment, id);
  const packOf = async (serial: string) =>
    (await d.evaluate<PackView>('regulator', Tx.GetPack, GTIN, serial)).pack;

  it('receives just the items an event names; the shipment stays open, then closes by itself', async () => {
    const sent = await ship(['R1', 'R2']);
    const first = (await receiveEvent(['R1'])).result;
    expect(first).toMatchObject({
      id: sent.id,
      status: 'partially_received',
      received: [pack('R1')],
      receivedAt: null,
      alertId: null,
    });
    expect(await packOf('R1')).toMatchObject({
      custodian: PARTIES.distributor.gln,
      shipment: null,
      status: 'active',
    });
    // The other pack still travels, neither quarantined nor sent back.
    expect(await packOf('R2')).toMatchObject({ shipment: sent.id, status: 'active' });
    const listed = await d.evaluate<{ items: Shipment[] }>(
      'distributor',
      Tx.ListShipments,
      '',
      'in',
      'partially_received',
      '',
      '',
    );
    expect(listed.items.map((s) => s.id)).toEqual([sent.id]);

    const last = (await receiveEvent(['R2'])).result;
    expect(last).toMatchObject({
      status: 'received',
      received: [pack('R1'), pack('R2')],
      missing: [],
      alertId: null,
    });
    expect(last.receivedAt).not.toBeNull();
    expect(await packOf('R2')).toMatchObject({
      custodian: PARTIES.distributor.gln,
      status: 'active',
    });
  });

  it('refuses an item received twice and an item not in the shipment, changing nothing', async () => {
    const sent = await ship(['R3', 'R4']);
    await receiveEvent(['R3']);
    const height = await d.height();
    const twice = await refusal(receiveEvent(['R3']));
    expect(twice.code).toBe('ALREADY_RECEIVED');
    expect(twice.message).toContain(sent.id);
    // R5 is the sender's stock, not in the shipment: the event is refused whole, R4 included.
    const foreign = await refusal(receiveEvent(['R4', 'R5']));
    expect(foreign.code).toBe('NOT_IN_SHIPMENT');
    expect(await d.height()).toBe(height);
    expect(await packOf('R4')).toMatchObject({ shipment: sent.id });
    expect((await shipment(sent.id)).received).toEqual([pack('R3')]);

    await receiveEvent(['R4']);
    expect((await refusal(receiveEvent(['R4']))).code).toBe('ALREADY_RECEIVED');
  });

  it('makes what never arrived a discrepancy only when the receiver closes the shipment', async () => {
    const sent = await ship(['R6', 'R7']);
    await receiveEvent(['R6']);
    for (const user of ['manufacturer', 'pharmacy'] as const) {
      expect((await refusal(d.submit(user, Tx.CloseShipment, sent.id, ''))).code).toBe(
        'NOT_RECIPIENT',
      );
    }
    const closed = await d.submit<Shipment>(
      'distributor',
      Tx.CloseShipment,
      sent.id,
      'the rest never came',
    );
    expect(closed).toMatchObject({
      status: 'received_with_discrepancy',
      missing: [pack('R7')],
      received: [pack('R6')],
    });
    expect(closed.alertId).not.toBeNull();
    const alert = await d.evaluate<Alert>('distributor', Tx.GetAlert, closed.alertId ?? '');
    expect(alert).toMatchObject({ reasons: ['MISSING_ITEMS'], items: [pack('R7')] });
    expect(await packOf('R7')).toMatchObject({
      custodian: PARTIES.manufacturer.gln,
      shipment: null,
      status: 'quarantined',
    });
    expect(await packOf('R6')).toMatchObject({
      custodian: PARTIES.distributor.gln,
      status: 'active',
    });
    // Closed is closed: neither a receipt nor a second close changes it.
    expect(
      (await refusal(d.submit('distributor', Tx.Receive, sent.id, JSON.stringify([pack('R7')]))))
        .code,
    ).toBe('SHIPMENT_CLOSED');
    expect((await refusal(d.submit('distributor', Tx.CloseShipment, sent.id, ''))).code).toBe(
      'SHIPMENT_CLOSED',
    );
  });

  it('lets the regulator close a shipment left open', async () => {
    const sent = await ship(['R8']);
    const closed = await d.submit<Shipment>('regulator', Tx.CloseShipment, sent.id, '');
    expect(closed).toMatchObject({ status: 'received_with_discrepancy', missing: [pack('R8')] });
  });

  it('keeps the platform’s own receipt a receipt of what arrived, closing the shipment', async () => {
    const sent = await ship(['R9', 'R10', 'R11']);
    await receiveEvent(['R9']);
    const receipt = await d.submit<Shipment>(
      'distributor',
      Tx.Receive,
      sent.id,
      JSON.stringify([pack('R10')]),
    );
    // What was received before counts as arrived: only R11 is missing.
    expect(receipt).toMatchObject({
      status: 'received_with_discrepancy',
      missing: [pack('R11')],
      extra: [],
      received: [pack('R9'), pack('R10')],
    });
    expect(await packOf('R10')).toMatchObject({ custodian: PARTIES.distributor.gln });
  });
});
