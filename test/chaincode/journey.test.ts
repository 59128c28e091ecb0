import {
  Tx,
  type Alert,
  type LedgerEvent,
  type Pack,
  type ProvenanceEntry,
  type Shipment,
} from '@packtrace/chaincode/client';
import { expiryToIsoDate } from '@packtrace/gs1';
import type { EventRecorder, ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import {
  CASE_1,
  EXPIRY,
  PALLET_1,
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

describe('a pack travels from the production line to the patient', () => {
  let d: ScenarioLedger;
  let recorder: EventRecorder;
  let startHeight: number;

  beforeAll(async () => {
    d = await startScenario();
    startHeight = await d.height();
    recorder = await d.recordEvents();
    await registerProduct(d);
    await commission(d, ['S1', 'S2', 'S3', 'S4', 'S5']);
  });
  afterAll(async () => {
    recorder.close();
    await d.stop();
  });

  it('is genuine and active in the manufacturer’s hands right after commissioning', async () => {
    const verdict = await verify(d, 'manufacturer', code('S1'));
    expect(verdict.verdict).toBe('AUTHENTIC_ACTIVE');
    expect(verdict.product?.name).toBe('Paracetamol 500 mg');
    expect(verdict.batch).toMatchObject({
      lot: 'LOT-42A',
      expiryDate: expiryToIsoDate(EXPIRY),
      status: 'active',
    });
  });

  it('is packed into a case, the case onto a pallet, and the pallet shipped', async () => {
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_1,
      'case',
      JSON.stringify(['S1', 'S2', 'S3'].map(pack)),
    );
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      PALLET_1,
      'pallet',
      JSON.stringify([container(CASE_1)]),
    );
    const shipment = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([container(PALLET_1)]),
    );
    expect(shipment).toMatchObject({
      status: 'in_transit',
      from: PARTIES.manufacturer.gln,
      to: PARTIES.distributor.gln,
    });
    // Inside a sealed pallet in transit, the pack is not yet the distributor's.
    expect(reasonCodes(await verify(d, 'distributor', code('S1')))).toEqual(['IN_TRANSIT']);
    await d.submit('distributor', Tx.Receive, shipment.id, JSON.stringify([container(PALLET_1)]));
    // Receiving the pallet moved every pack inside it.
    expect((await verify(d, 'distributor', code('S1'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect(reasonCodes(await verify(d, 'manufacturer', code('S1')))).toEqual(['NOT_IN_CUSTODY']);
  });

  it('refuses to ship a pack that is still sealed inside a case', async () => {
    await d.submit('distributor', Tx.Unpack, PALLET_1);
    const error = await refusal(
      d.submit('distributor', Tx.Ship, PARTIES.pharmacy.gln, JSON.stringify([pack('S1')])),
    );
    expect(error.code).toBe('IN_CONTAINER');
  });

  it('reaches the pharmacy in its case and is dispensed once', async () => {
    await shipAndReceive(d, 'distributor', 'pharmacy', [container(CASE_1)]);
    await d.submit('pharmacy', Tx.Unpack, CASE_1);
    const verdict = await verify(d, 'pharmacy', `]d201${GTIN}17${EXPIRY}` + `10LOT-42A\u001d21S1`);
    expect(verdict).toMatchObject({
      verdict: 'AUTHENTIC_ACTIVE',
      pack: { inCallersCustody: true },
    });
    const dispensed = await d.submit<Pack>('pharmacy', Tx.Dispense, GTIN, 'S1');
    expect(dispensed).toMatchObject({
      status: 'inactive',
      decommission: { reason: 'dispensed', by: PARTIES.pharmacy.gln },
    });
    expect((await refusal(d.submit('pharmacy', Tx.Dispense, GTIN, 'S1'))).code).toBe(
      'ITEM_NOT_ACTIVE',
    );
  });

  it('catches a clone: the dispensed code scanned again raises an alert', async () => {
    const scan = await d.submit<{
      verdict: string;
      reasons: Array<{ code: string; euAlert: string }>;
      scan: { alertId: string };
    }>('pharmacy', Tx.RecordScan, code('S1'));
    expect(scan.verdict).toBe('DO_NOT_SUPPLY');
    expect(scan.reasons).toEqual([
      expect.objectContaining({ code: 'PACK_INACTIVE', euAlert: 'A24' }),
    ]);
    const alert = await d.evaluate<Alert>('regulator', Tx.GetAlert, scan.scan.alertId);
    expect(alert).toMatchObject({
      kind: 'scan',
      reasons: ['PACK_INACTIVE'],
      raisedBy: PARTIES.pharmacy.gln,
      status: 'open',
    });
  });

  it('keeps the whole provenance, containers included, oldest first', async () => {
    const history = await d.evaluate<{ events: ProvenanceEntry[] }>(
      'pharmacy',
      Tx.GetPackHistory,
      GTIN,
      'S1',
    );
    const steps = history.events.map(
      (e) => `${e.subject}:${e.action}${e.sscc === undefined ? '' : `@${e.sscc}`}`,
    );
    expect(steps).toEqual([
      'pack:commissioned',
      'pack:packed',
      `container:packed@${CASE_1}`,
      `container:shipped@${PALLET_1}`,
      `container:received@${PALLET_1}`,
      `container:unpacked@${CASE_1}`,
      `container:shipped@${CASE_1}`,
      `container:received@${CASE_1}`,
      'pack:unpacked',
      'pack:dispensed',
      'scan:scanned',
    ]);
    const at = history.events.map((e) => e.at);
    expect([...at].sort()).toEqual(at);
    expect(history.events.every((e) => /^[0-9a-f]{64}$/.test(e.txId))).toBe(true);
  });

  it('lets every party that held the pack read it, and nobody else but the regulator', async () => {
    for (const user of ['manufacturer', 'distributor', 'pharmacy', 'regulator'] as const) {
      await expect(d.evaluate(user, Tx.GetPack, GTIN, 'S1')).resolves.toBeDefined();
    }
    expect((await refusal(d.evaluate('pharmacy2', Tx.GetPackHistory, GTIN, 'S1'))).code).toBe(
      'NOT_PERMITTED',
    );
  });

  it('lists each party’s inventory of stand-alone items, a page at a time', async () => {
    const pharmacy = await d.evaluate<{ items: Pack[] }>('pharmacy', Tx.ListInventory, '', '');
    expect(pharmacy.items.map((item) => item.serial).sort()).toEqual(['S2', 'S3']);
    const first = await d.evaluate<{ items: Pack[]; bookmark: string }>(
      'manufacturer',
      Tx.ListInventory,
      '1',
      '',
    );
    expect(first.items).toHaveLength(1);
    const second = await d.evaluate<{ items: Pack[]; bookmark: string }>(
      'manufacturer',
      Tx.ListInventory,
      '1',
      first.bookmark,
    );
    expect(second.items).toHaveLength(1);
    expect(second.bookmark).toBe('');
    expect([first.items[0]?.serial, second.items[0]?.serial].sort()).toEqual(['S4', 'S5']);
  });

  it('emits one event per change carrying what EPCIS needs', async () => {
    const last = await d.commit('manufacturer', Tx.Decommission, GTIN, 'S5', 'sample', '');
    await recorder.until(last.txId);
    const events = recorder.events.map((e) => JSON.parse(e.payload.toString()) as LedgerEvent);
    const shipped = events.find((e) => e.type === 'ShipmentDispatched');
    expect(shipped?.epcis[0]).toMatchObject({
      eventType: 'ObjectEvent',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: [`https://id.gs1.org/00/${PALLET_1}`],
      sourceList: [
        { type: 'owning_party', source: `https://id.gs1.org/414/${PARTIES.manufacturer.gln}` },
      ],
      destinationList: [
        { type: 'owning_party', destination: `https://id.gs1.org/414/${PARTIES.distributor.gln}` },
      ],
    });
    expect(events.find((e) => e.type === 'PackDispensed')?.epcis[0]).toMatchObject({
      bizStep: 'dispensing',
      disposition: 'dispensed',
    });
    // Every committed transaction of the journey emitted exactly one event.
    expect(await d.height()).toBe(startHeight + recorder.events.length);
    expect(new Set(recorder.events.map((e) => e.transactionId)).size).toBe(recorder.events.length);
  });
});
