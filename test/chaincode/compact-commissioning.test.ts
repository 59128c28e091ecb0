import {
  Tx,
  type Batch,
  type Pack,
  type PackHistory,
  type Verdict,
} from '@packtrace/chaincode/client';
import type { ScenarioLedger, ScenarioTransaction } from '../support/scenario-ledger';
import { refusal } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import {
  CASE_1,
  EXPIRY,
  LOT,
  code,
  commission,
  container,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../support/fixtures';

type Result = { batch: Batch; created: number; alreadyPresent: number };

/** Serials spread over many cells of the compact record. */
const MANY = Array.from({ length: 240 }, (_, i) => `C${String(i).padStart(5, '0')}`);

describe('packs commissioned in the compact record', () => {
  let d: ScenarioLedger;

  /** Every page of a listing, `pageSize` at a time. */
  const everyPage = async <T>(
    user: 'manufacturer' | 'regulator',
    transaction: ScenarioTransaction,
    args: string[],
    pageSize: string,
  ): Promise<T[]> => {
    const found: T[] = [];
    let bookmark = '';
    do {
      const page = await d.evaluate<{ items: T[]; bookmark: string; count: number }>(
        user,
        transaction,
        ...args,
        pageSize,
        bookmark,
      );
      expect(page.count).toBe(page.items.length);
      found.push(...page.items);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return found;
  };
  const batchSerials = (lot: string, pageSize: string) =>
    everyPage<string>('regulator', Tx.ListBatchPacks, [GTIN, lot], pageSize);
  const inventorySerials = async (pageSize: string) =>
    (
      await everyPage<{ serial?: string; sscc?: string }>(
        'manufacturer',
        Tx.ListInventory,
        [],
        pageSize,
      )
    ).map((item) => item.serial ?? item.sscc ?? '');

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['K1', 'K2', 'K3', 'K4', 'K5', 'K6']);
    await commission(d, MANY, 'LOT-MANY');
  });
  afterAll(async () => d.stop());

  it('verifies a pack that has no record of its own, as its manufacturer holds it', async () => {
    const verdict = await verify(d, 'manufacturer', code('K1'));
    expect(verdict.verdict).toBe('AUTHENTIC_ACTIVE');
    expect(verdict.pack).toEqual({
      status: 'active',
      inactiveReason: null,
      inCallersCustody: true,
    });
    const view = await d.evaluate<{ pack: Pack }>('regulator', Tx.GetPack, GTIN, 'K1');
    expect(view.pack).toMatchObject({
      lot: LOT,
      custodian: PARTIES.manufacturer.gln,
      status: 'active',
      parent: null,
      holders: [PARTIES.manufacturer.gln],
    });
    expect(reasonCodes(await verify(d, 'manufacturer', code('NOPE')))).toEqual(['UNKNOWN_SERIAL']);
  });

  it('refuses a serial of another batch (A68) and flags a code printed with the wrong lot', async () => {
    const refused = await refusal(commission(d, ['NEW1', 'C00007'], 'LOT-OTHER'));
    expect(refused.code).toBe('SERIAL_IN_OTHER_BATCH');
    expect(refused.body.details).toEqual({ serial: 'C00007', lot: 'LOT-MANY' });
    // The refusal wrote nothing: NEW1 is still unknown and LOT-OTHER does not exist.
    expect(reasonCodes(await verify(d, 'manufacturer', code('NEW1')))).toEqual(['UNKNOWN_SERIAL']);
    expect(reasonCodes(await verify(d, 'manufacturer', code('K2', 'LOT-MANY')))).toEqual([
      'SERIAL_UNDER_OTHER_BATCH',
    ]);
  });

  it('changes nothing when a chunk is sent again, and adds only the new serials of a wider one', async () => {
    const again = await d.submit<Result>(
      'manufacturer',
      Tx.CommissionPacks,
      GTIN,
      'LOT-MANY',
      EXPIRY,
      JSON.stringify(MANY.slice(0, 100)),
    );
    expect({ created: again.created, alreadyPresent: again.alreadyPresent }).toEqual({
      created: 0,
      alreadyPresent: 100,
    });
    expect(await batchSerials('LOT-MANY', '200')).toHaveLength(MANY.length);
    const wider = await d.submit<Result>(
      'manufacturer',
      Tx.CommissionPacks,
      GTIN,
      'LOT-MANY',
      EXPIRY,
      JSON.stringify([...MANY.slice(200), 'C99999']),
    );
    expect({ created: wider.created, alreadyPresent: wider.alreadyPresent }).toEqual({
      created: 1,
      alreadyPresent: 40,
    });
    const listed = await batchSerials('LOT-MANY', '7');
    expect(listed).toHaveLength(MANY.length + 1);
    expect([...listed].sort()).toEqual([...MANY, 'C99999'].sort());
  });

  it('ships, aggregates, dispenses and recalls such packs, keeping their whole provenance', async () => {
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_1,
      'case',
      JSON.stringify([pack('K3'), pack('K4')]),
    );
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('K2'), container(CASE_1)]);
    await d.submit('pharmacy', Tx.Unpack, CASE_1);
    await d.submit('pharmacy', Tx.Dispense, GTIN, 'K3');
    expect(reasonCodes(await verify(d, 'pharmacy', code('K3')))).toEqual(['PACK_INACTIVE']);
    expect((await verify(d, 'pharmacy', code('K2'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect((await verify(d, 'pharmacy', code('K4'))).verdict).toBe('AUTHENTIC_ACTIVE');

    const history = await d.evaluate<PackHistory>('pharmacy', Tx.GetPackHistory, GTIN, 'K3');
    const steps = history.events.map((entry) => `${entry.subject}:${entry.action}`);
    expect(steps[0]).toBe('pack:commissioned');
    expect(steps).toContain('pack:packed');
    expect(steps).toContain('container:shipped');
    expect(steps[steps.length - 1]).toBe('pack:dispensed');

    const recall = await d.submit<Batch>('regulator', Tx.RecallBatch, GTIN, LOT, 'test');
    expect(recall.recall?.notified).toEqual(
      expect.arrayContaining([PARTIES.manufacturer.gln, PARTIES.pharmacy.gln]),
    );
    expect(reasonCodes(await verify(d, 'manufacturer', code('K5')))).toEqual(['BATCH_RECALLED']);
    const recalled: string[] = [];
    let bookmark = '';
    do {
      const page = await d.evaluate<{ items: Array<{ serial?: string }>; bookmark: string }>(
        'manufacturer',
        Tx.ListRecalledStock,
        '1',
        bookmark,
      );
      recalled.push(...page.items.map((item) => item.serial ?? ''));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(recalled.sort()).toEqual(['K1', 'K5', 'K6']);
  });

  it('lists the whole batch and the whole inventory, page by page, each pack once', async () => {
    expect((await batchSerials(LOT, '4')).sort()).toEqual(['K1', 'K2', 'K3', 'K4', 'K5', 'K6']);
    const inventory = await inventorySerials('9');
    expect(new Set(inventory).size).toBe(inventory.length);
    expect(inventory.sort()).toEqual(['K1', 'K5', 'K6', ...MANY, 'C99999'].sort());
  });

  it('reads a pack record once something happened to the pack alone', async () => {
    await d.submit('manufacturer', Tx.Decommission, GTIN, 'C00001', 'destroyed', 'test');
    const verdict: Verdict = await verify(d, 'manufacturer', code('C00001', 'LOT-MANY'));
    expect(reasonCodes(verdict)).toEqual(['PACK_INACTIVE']);
    const inventory = await inventorySerials('50');
    expect(inventory).not.toContain('C00001');
    expect(inventory).toContain('C00002');
    const listed = await batchSerials('LOT-MANY', '200');
    expect(listed.filter((serial) => serial === 'C00001')).toHaveLength(1);
  });
});
