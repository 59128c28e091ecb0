import { Tx, type Batch } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import {
  CASE_1,
  commission,
  container,
  pack,
  registerProduct,
  shipAndReceive,
} from '../support/fixtures';

type Holder = 'manufacturer' | 'distributor' | 'pharmacy' | 'pharmacy2' | 'manufacturer2';

describe('a recall reaches the stock', () => {
  let d: ScenarioLedger;
  let recall: Batch;
  let notifiedByEvent: string[];

  /** Every page of the party's recalled stock, one item per page. */
  const recalledStock = async (user: Holder): Promise<string[]> => {
    const found: string[] = [];
    let bookmark = '';
    do {
      const page = await d.evaluate<{
        items: Array<{ sscc?: string; serial?: string }>;
        bookmark: string;
        count: number;
      }>(user, Tx.ListRecalledStock, '1', bookmark);
      expect(page.count).toBe(page.items.length);
      found.push(...page.items.map((item) => item.sscc ?? item.serial ?? ''));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return found.sort();
  };

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7']);
    await commission(d, ['O1'], 'LOT-OTHER');
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_1,
      'case',
      JSON.stringify([pack('R5'), pack('R6')]),
    );
    // The distributor holds two loose packs and a sealed case of the batch.
    await shipAndReceive(d, 'manufacturer', 'distributor', [
      pack('R1'),
      pack('R2'),
      container(CASE_1),
    ]);
    // The pharmacy dispensed the only pack of the batch it had; it holds another batch's.
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('R3'), pack('O1')]);
    await d.submit('pharmacy', Tx.Dispense, GTIN, 'R3');
    // A pack is on its way to the second pharmacy; the manufacturer keeps R7.
    await d.submit('manufacturer', Tx.Ship, PARTIES.pharmacy2.gln, JSON.stringify([pack('R4')]));
    const recorder = await d.recordEvents();
    recall = await d.submit<Batch>('regulator', Tx.RecallBatch, GTIN, 'LOT-42A', 'sterility');
    notifiedByEvent = [...(await recorder.ledgerEvent(recall.recall?.txId ?? '')).parties].sort();
    recorder.close();
  });
  afterAll(async () => d.stop());

  it('is addressed to every party holding packs of the batch or with some travelling to it', () => {
    const expected = [
      PARTIES.regulator.gln,
      PARTIES.manufacturer.gln,
      PARTIES.distributor.gln,
      PARTIES.pharmacy2.gln,
    ].sort();
    expect(notifiedByEvent).toEqual(expected);
    expect(notifiedByEvent).not.toContain(PARTIES.pharmacy.gln);
    expect(notifiedByEvent).not.toContain(PARTIES.manufacturer2.gln);
  });

  it('names the parties told on the recall record, for the regulator to see', async () => {
    const batch = await d.evaluate<Batch>('regulator', Tx.GetBatch, GTIN, 'LOT-42A');
    expect([...(batch.recall?.notified ?? [])].sort()).toEqual(notifiedByEvent);
  });

  it('lets each party list the recalled stock it holds, a page at a time', async () => {
    expect(await recalledStock('distributor')).toEqual([CASE_1, 'R1', 'R2'].sort());
    expect(await recalledStock('manufacturer')).toEqual(['R7']);
    expect(await recalledStock('pharmacy')).toEqual([]);
    expect(await recalledStock('pharmacy2')).toEqual([]);
  });
});
