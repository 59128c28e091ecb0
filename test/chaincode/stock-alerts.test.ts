import { Tx, type Alert, type Shipment } from '@packtrace/chaincode/client';
import type { EventRecorder, ScenarioLedger } from '../support/scenario-ledger';
import { refusal } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import {
  code,
  commission,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../support/fixtures';

/**
 * An alert about stock another party holds: the holder is told at once and may read it. A scan
 * that finds the code outside its custody chain freezes the pack (the ledger's own evidence); a
 * flag, an opinion, freezes only the caller's own stock (or any, by the regulator).
 */
describe('alerts about another party’s stock', () => {
  let d: ScenarioLedger;
  let recorder: EventRecorder;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['H1', 'H2', 'H3']);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('H1'), pack('H2'), pack('H3')]);
    recorder = await d.recordEvents();
  });
  afterAll(async () => {
    recorder.close();
    await d.stop();
  });

  it('tells the holder at once when a scan elsewhere freezes its pack, and lets it read the alert', async () => {
    const scan = await d.submit<{ scan: { txId: string; alertId: string } }>(
      'pharmacy',
      Tx.RecordScan,
      code('H1'),
    );
    const event = await recorder.ledgerEvent(scan.scan.txId);
    expect(event.type).toBe('AlertRaised');
    expect(event.parties).toContain(PARTIES.distributor.gln);
    const alert = await d.evaluate<Alert>('distributor', Tx.GetAlert, scan.scan.alertId);
    expect(alert).toMatchObject({
      reasons: ['NOT_IN_CUSTODY'],
      quarantined: [pack('H1')],
      custodians: [PARTIES.distributor.gln],
    });
    expect(reasonCodes(await verify(d, 'distributor', code('H1')))).toEqual([
      'UNDER_INVESTIGATION',
    ]);
    // A party with no stake in the pack still may not read it (the product's own manufacturer
    // may since alerts are cases, issue 25: another manufacturer may not).
    expect((await refusal(d.evaluate('manufacturer2', Tx.GetAlert, scan.scan.alertId))).code).toBe(
      'NOT_PERMITTED',
    );

    const resolved = await d.submit<Alert>(
      'regulator',
      Tx.ResolveAlert,
      alert.id,
      'cleared',
      'the pharmacy scanned a display copy',
    );
    const resolution = await recorder.ledgerEvent(resolved.resolution?.txId ?? '');
    expect(resolution.parties).toContain(PARTIES.distributor.gln);
  });

  it('does not let an outsider’s flag freeze stock it does not hold, but alerts the regulator and the holder', async () => {
    const alert = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'H2', 'seen online');
    expect(alert).toMatchObject({
      kind: 'flag',
      status: 'open',
      quarantined: [],
      custodians: [PARTIES.distributor.gln],
    });
    expect((await verify(d, 'distributor', code('H2'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect((await recorder.ledgerEvent(alert.txId)).parties).toContain(PARTIES.distributor.gln);
    expect(await d.evaluate<Alert>('distributor', Tx.GetAlert, alert.id)).toMatchObject({
      id: alert.id,
    });
    const open = await d.evaluate<{ items: Alert[] }>(
      'regulator',
      Tx.ListAlerts,
      '',
      'open',
      '',
      '',
      '',
      '',
    );
    expect(open.items.map((a) => a.id)).toContain(alert.id);
  });

  it('lets the holder’s own flag, or the regulator’s, freeze the pack', async () => {
    const own = await d.submit<Alert>('distributor', Tx.FlagPack, GTIN, 'H2', 'torn seal');
    expect(own.quarantined).toEqual([pack('H2')]);
    const regulator = await d.submit<Alert>('regulator', Tx.FlagPack, GTIN, 'H3', 'tip-off');
    expect(regulator).toMatchObject({
      quarantined: [pack('H3')],
      custodians: [PARTIES.distributor.gln],
    });
    expect(reasonCodes(await verify(d, 'distributor', code('H3')))).toEqual([
      'UNDER_INVESTIGATION',
    ]);
  });
});

/**
 * A receipt is the receiver's word about what arrived, which the ledger cannot check (issue 20,
 * item 5). Items it lists that its shipment did not carry are named in the shipment's
 * discrepancy alert; the receipt sets aside only the receiver's own stock, never another
 * party's, and one receipt may name only so many items of others.
 */
describe('a receipt that lists items its shipment did not carry', () => {
  let d: ScenarioLedger;
  let recorder: EventRecorder;
  let shipmentId: string;

  const packView = (serial: string) =>
    d.evaluate<{ pack: { status: string; custodian: string } }>(
      'regulator',
      Tx.GetPack,
      GTIN,
      serial,
    );
  const historyLength = async (serial: string) =>
    (await d.evaluate<{ events: unknown[] }>('regulator', Tx.GetPackHistory, GTIN, serial)).events
      .length;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7']);
    // X2 and X6 are the pharmacy's, X3 the distributor's; X4 and X5 stay with the manufacturer.
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('X2'), pack('X6')]);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('X3')]);
    shipmentId = (
      await d.submit<Shipment>(
        'manufacturer',
        Tx.Ship,
        PARTIES.distributor.gln,
        JSON.stringify([pack('X1')]),
      )
    ).id;
    recorder = await d.recordEvents();
  });
  afterAll(async () => {
    recorder.close();
    await d.stop();
  });

  it('leaves another party’s pack as it was, names it in an alert about the shipment, and sets aside only the receiver’s own', async () => {
    const before = { X2: await packView('X2'), X4: await packView('X4') };
    const historyBefore = { X2: await historyLength('X2'), X4: await historyLength('X4') };

    const received = await d.submit<Shipment>(
      'distributor',
      Tx.Receive,
      shipmentId,
      JSON.stringify([pack('X1'), pack('X2'), pack('X3'), pack('X4')]),
    );
    expect(received).toMatchObject({
      status: 'received_with_discrepancy',
      missing: [],
      extra: [pack('X2'), pack('X3'), pack('X4')],
    });

    // The pharmacy's pack and the manufacturer's unshipped one: state, holder, history unchanged.
    for (const serial of ['X2', 'X4'] as const) {
      expect(await packView(serial)).toEqual(before[serial]);
      expect(await historyLength(serial)).toBe(historyBefore[serial]);
    }
    expect((await verify(d, 'pharmacy', code('X2'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect((await verify(d, 'manufacturer', code('X4'))).verdict).toBe('AUTHENTIC_ACTIVE');
    // The receiver's own pack, listed as arriving again, is set aside as before.
    expect(reasonCodes(await verify(d, 'distributor', code('X3')))).toEqual([
      'UNDER_INVESTIGATION',
    ]);
    expect((await verify(d, 'distributor', code('X1'))).verdict).toBe('AUTHENTIC_ACTIVE');

    const alert = await d.evaluate<Alert>('regulator', Tx.GetAlert, received.alertId ?? '');
    expect(alert).toMatchObject({
      kind: 'shipment_discrepancy',
      reasons: ['EXTRA_ITEMS'],
      raisedBy: PARTIES.distributor.gln,
      shipmentId,
      items: [pack('X2'), pack('X3'), pack('X4')],
      quarantined: [pack('X3')],
    });
    expect([...alert.custodians].sort()).toEqual(
      [PARTIES.manufacturer.gln, PARTIES.distributor.gln].sort(),
    );
    // The shipment's sender reads it; the holder of a pack the receiver named is not shown the
    // shipment (nor told on its event stream).
    expect(await d.evaluate<Alert>('manufacturer', Tx.GetAlert, alert.id)).toMatchObject({
      id: alert.id,
    });
    expect((await refusal(d.evaluate('pharmacy', Tx.GetAlert, alert.id))).code).toBe(
      'NOT_PERMITTED',
    );
    const event = await recorder.ledgerEvent(alert.txId);
    expect(event.type).toBe('ShipmentReceivedWithDiscrepancy');
    expect(event.parties).not.toContain(PARTIES.pharmacy.gln);
  });

  it('through an EPCIS receiving event as well: the event is refused whole, the receiver’s own pack untouched', async () => {
    const shipment = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([pack('X5')]),
    );
    const before = await packView('X6');
    const historyBefore = await historyLength('X6');
    // An EPCIS receiving event receives only items of the shipment (partial receipts); an item
    // it did not carry refuses the event, where the platform's own receipt records it as extra.
    const refused = await refusal(
      d.submit(
        'distributor',
        Tx.CaptureEvent,
        `urn:uuid:0b5e1a52-0c6e-4b55-9d0e-${shipment.id.slice(0, 12)}`,
        d.now().toISOString(),
        'receiving',
        JSON.stringify({ items: [pack('X5'), pack('X6')] }),
      ),
    );
    expect(refused.code).toBe('NOT_IN_SHIPMENT');
    expect(await packView('X6')).toEqual(before);
    expect(await historyLength('X6')).toBe(historyBefore);
    expect((await verify(d, 'pharmacy', code('X6'))).verdict).toBe('AUTHENTIC_ACTIVE');
  });

  it('refuses a receipt naming more than 100 items that are neither the shipment’s nor the receiver’s, changing nothing', async () => {
    const shipment = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([pack('X7')]),
    );
    const unknown = Array.from({ length: 101 }, (_, i) => pack(`NOPE${i}`));
    const error = await refusal(
      d.submit('distributor', Tx.Receive, shipment.id, JSON.stringify([pack('X7'), ...unknown])),
    );
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(await d.evaluate<Shipment>('distributor', Tx.GetShipment, shipment.id)).toMatchObject({
      status: 'in_transit',
      alertId: null,
    });
    // One fewer is a discrepancy like any other.
    const received = await d.submit<Shipment>(
      'distributor',
      Tx.Receive,
      shipment.id,
      JSON.stringify([pack('X7'), ...unknown.slice(1)]),
    );
    expect(received).toMatchObject({ status: 'received_with_discrepancy', missing: [] });
    expect(received.extra).toHaveLength(100);
  });
});
