import { Tx, type Alert, type Batch, type Pack, type Shipment } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import {
  CASE_2,
  code,
  commission,
  container,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../support/fixtures';
import { refusal } from '../support/scenario-ledger';

describe('flags and alerts', () => {
  let d: ScenarioLedger;

  beforeEach(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['F1', 'F2', 'F3', 'F4']);
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('F1'), pack('F2')]);
  });
  afterEach(async () => d.stop());

  it('quarantines a flagged pack: no dispensing, no shipping, verdict under investigation', async () => {
    const alert = await d.submit<Alert>(
      'pharmacy',
      Tx.FlagPack,
      GTIN,
      'F1',
      'blister looks resealed',
    );
    expect(alert).toMatchObject({ kind: 'flag', status: 'open', quarantined: [pack('F1')] });
    expect(reasonCodes(await verify(d, 'pharmacy', code('F1')))).toEqual(['UNDER_INVESTIGATION']);
    expect((await refusal(d.submit('pharmacy', Tx.Dispense, GTIN, 'F1'))).code).toBe(
      'ITEM_QUARANTINED',
    );
    const ship = d.submit(
      'pharmacy',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([pack('F1')]),
    );
    expect((await refusal(ship)).code).toBe('ITEM_QUARANTINED');
  });

  it('returns a cleared pack to circulation', async () => {
    const alert = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'F1', 'check please');
    const resolved = await d.submit<Alert>(
      'regulator',
      Tx.ResolveAlert,
      alert.id,
      'cleared',
      'genuine pack, damaged box',
    );
    expect(resolved).toMatchObject({
      status: 'cleared',
      resolution: { outcome: 'cleared', by: PARTIES.regulator.gln },
    });
    expect((await verify(d, 'pharmacy', code('F1'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect(
      (await refusal(d.submit('regulator', Tx.ResolveAlert, alert.id, 'cleared', 'again'))).code,
    ).toBe('ALERT_RESOLVED');
  });

  it('takes a confirmed counterfeit out of circulation for good', async () => {
    const alert = await d.submit<Alert>(
      'pharmacy',
      Tx.FlagPack,
      GTIN,
      'F1',
      'wrong font on the box',
    );
    await d.submit('regulator', Tx.ResolveAlert, alert.id, 'confirmed', 'lab confirmed falsified');
    expect(reasonCodes(await verify(d, 'pharmacy', code('F1')))).toEqual(['ILLEGITIMATE']);
    const inventory = await d.evaluate<{ items: Pack[] }>('pharmacy', Tx.ListInventory, '', '');
    expect(inventory.items.map((p) => p.serial)).toEqual(['F2']);
  });

  it('keeps a pack quarantined until every alert on it is resolved', async () => {
    const first = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'F1', 'first');
    const second = await d.submit<Alert>('regulator', Tx.FlagPack, GTIN, 'F1', 'second');
    await d.submit('regulator', Tx.ResolveAlert, first.id, 'cleared', 'fine');
    expect(reasonCodes(await verify(d, 'pharmacy', code('F1')))).toEqual(['UNDER_INVESTIGATION']);
    await d.submit('regulator', Tx.ResolveAlert, second.id, 'cleared', 'fine too');
    expect((await verify(d, 'pharmacy', code('F1'))).verdict).toBe('AUTHENTIC_ACTIVE');
  });

  it('raises an alert and quarantines the pack when it is scanned outside its custody chain', async () => {
    const scan = await d.submit<{ scan: { alertId: string } }>(
      'pharmacy2',
      Tx.RecordScan,
      code('F2'),
    );
    const alert = await d.evaluate<Alert>('regulator', Tx.GetAlert, scan.scan.alertId);
    expect(alert).toMatchObject({
      kind: 'scan',
      reasons: ['NOT_IN_CUSTODY'],
      quarantined: [pack('F2')],
    });
    expect(reasonCodes(await verify(d, 'pharmacy', code('F2')))).toEqual(['UNDER_INVESTIGATION']);
  });

  it('records a clean scan without raising an alert', async () => {
    const scan = await d.submit<{ verdict: string; scan: { alertId: string | null } }>(
      'pharmacy',
      Tx.RecordScan,
      code('F2'),
    );
    expect(scan).toMatchObject({ verdict: 'AUTHENTIC_ACTIVE', scan: { alertId: null } });
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
    expect(open.items).toHaveLength(0);
  });

  it('shows the regulator every open alert and other parties only their own', async () => {
    await d.submit('pharmacy', Tx.FlagPack, GTIN, 'F1', 'mine');
    await d.submit('distributor', Tx.FlagPack, GTIN, 'F3', 'theirs');
    expect(
      (await d.evaluate<{ items: Alert[] }>('regulator', Tx.ListAlerts, '', 'open', '', '', '', ''))
        .items,
    ).toHaveLength(2);
    const own = await d.evaluate<{ items: Alert[] }>(
      'pharmacy',
      Tx.ListAlerts,
      '',
      '',
      '',
      '',
      '',
      '',
    );
    expect(own.items.map((a) => a.note)).toEqual(['mine']);
    const theirs = (
      await d.evaluate<{ items: Alert[] }>('regulator', Tx.ListAlerts, '', 'open', '', '', '', '')
    ).items.find((a) => a.note === 'theirs');
    expect((await refusal(d.evaluate('pharmacy', Tx.GetAlert, theirs?.id ?? ''))).code).toBe(
      'NOT_PERMITTED',
    );
  });

  it('raises one discrepancy alert when a shipment arrives with items missing and extra, freezing only the shipment’s items', async () => {
    const shipment = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([pack('F3'), pack('F4')]),
    );
    const received = await d.submit<Shipment>(
      'distributor',
      Tx.Receive,
      shipment.id,
      JSON.stringify([pack('F3'), pack('F1')]),
    );
    expect(received).toMatchObject({
      status: 'received_with_discrepancy',
      missing: [pack('F4')],
      extra: [pack('F1')],
    });
    const alert = await d.evaluate<Alert>('regulator', Tx.GetAlert, received.alertId ?? '');
    expect(alert).toMatchObject({
      kind: 'shipment_discrepancy',
      reasons: ['MISSING_ITEMS', 'EXTRA_ITEMS'],
    });
    expect(reasonCodes(await verify(d, 'distributor', code('F3')))).toEqual([]);
    expect(reasonCodes(await verify(d, 'manufacturer', code('F4')))).toEqual([
      'UNDER_INVESTIGATION',
    ]);
    // F1 is the pharmacy's: the distributor's receipt names it but never freezes it.
    expect(alert.quarantined).toEqual([pack('F4')]);
    expect((await verify(d, 'pharmacy', code('F1'))).verdict).toBe('AUTHENTIC_ACTIVE');
  });

  it('refuses to move a sealed case that holds a quarantined pack until it is opened', async () => {
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_2,
      'case',
      JSON.stringify([pack('F3'), pack('F4')]),
    );
    await d.submit('regulator', Tx.FlagPack, GTIN, 'F3', 'tip-off');
    const ship = d.submit(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([container(CASE_2)]),
    );
    expect((await refusal(ship)).code).toBe('ITEM_QUARANTINED');
    await d.submit('manufacturer', Tx.Unpack, CASE_2);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('F4')]);
  });
});

describe('recalls', () => {
  let d: ScenarioLedger;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['R1', 'R2', 'R3']);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('R1'), pack('R2')]);
    await shipAndReceive(d, 'distributor', 'pharmacy', [pack('R1')]);
  });
  afterAll(async () => d.stop());

  it('lets only the owning manufacturer or the regulator recall', async () => {
    expect(
      (await refusal(d.submit('manufacturer2', Tx.RecallBatch, GTIN, 'LOT-42A', 'x'))).code,
    ).toBe('NOT_PRODUCT_OWNER');
    const batch = await d.submit<Batch>(
      'manufacturer',
      Tx.RecallBatch,
      GTIN,
      'LOT-42A',
      'contamination',
    );
    expect(batch).toMatchObject({
      status: 'recalled',
      recall: { reason: 'contamination', role: 'manufacturer' },
    });
    expect(
      (await refusal(d.submit('regulator', Tx.RecallBatch, GTIN, 'LOT-42A', 'again'))).code,
    ).toBe('ALREADY_RECALLED');
  });

  it('makes every pack of the batch fail verification and refuses to dispense it', async () => {
    expect(reasonCodes(await verify(d, 'pharmacy', code('R1')))).toEqual(['BATCH_RECALLED']);
    expect((await refusal(d.submit('pharmacy', Tx.Dispense, GTIN, 'R1'))).code).toBe(
      'BATCH_RECALLED',
    );
  });

  it('stops recalled stock moving forward but lets it travel back up the chain', async () => {
    const forward = d.submit(
      'distributor',
      Tx.Ship,
      PARTIES.pharmacy2.gln,
      JSON.stringify([pack('R2')]),
    );
    expect((await refusal(forward)).code).toBe('BATCH_RECALLED');
    const back = await d.submit<Shipment>(
      'pharmacy',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([pack('R1')]),
    );
    expect(back.isReturn).toBe(true);
    await d.submit('distributor', Tx.Receive, back.id, JSON.stringify([pack('R1')]));
    await shipAndReceive(d, 'distributor', 'manufacturer', [pack('R1'), pack('R2')]);
    const r1 = await d.evaluate<{ pack: Pack }>('manufacturer', Tx.GetPack, GTIN, 'R1');
    expect(r1.pack.holders).toEqual([
      PARTIES.manufacturer.gln,
      PARTIES.distributor.gln,
      PARTIES.pharmacy.gln,
      PARTIES.distributor.gln,
      PARTIES.manufacturer.gln,
    ]);
  });

  it('refuses new packs under a recalled batch', async () => {
    expect((await refusal(commission(d, ['R9']))).code).toBe('BATCH_RECALLED');
  });
});
