import { Tx, serialCell } from '@packtrace/chaincode/client';
import { GTIN } from '../support/demo-parties';
import { EXPIRY, commission, registerProduct } from '../support/fixtures';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

/** `count` serials starting with `prefix` that all fall in cell `cell` of the compact record. */
function serialsInCell(prefix: string, cell: number, count: number): string[] {
  const found: string[] = [];
  for (let n = 0; found.length < count; n += 1) {
    const serial = `${prefix}${n}`;
    if (serialCell(serial) === cell) {
      found.push(serial);
    }
  }
  return found;
}

/**
 * Lots of one GTIN commissioned at the same moment read the same cells of the compact record
 * (the A68 check that a serial is used under one batch only), so all but one lose a phantom
 * read conflict at commit. The seam runs them again, as it does after an MVCC conflict.
 */
describe('lots of one GTIN commissioned at the same moment', () => {
  let d: ScenarioLedger;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    // The GTIN's first commissioning writes its form marker; the lots below then contend only
    // on the cells they read.
    await commission(d, ['FIRST'], 'LOT-0');
  });
  afterAll(async () => d.stop());

  it('all commit, each with its own serials', async () => {
    const lots = ['LOT-A', 'LOT-B', 'LOT-C', 'LOT-D'];
    const serials = lots.map((lot) => serialsInCell(`${lot.slice(-1)}X`, 7, 3));
    const results = await Promise.all(
      lots.map((lot, index) =>
        d.submit<{ created: number }>(
          'manufacturer',
          Tx.CommissionPacks,
          GTIN,
          lot,
          EXPIRY,
          JSON.stringify(serials[index]),
        ),
      ),
    );
    expect(results.map((result) => result.created)).toEqual([3, 3, 3, 3]);
    for (const [index, lot] of lots.entries()) {
      const page = await d.evaluate<{ items: string[] }>(
        'manufacturer',
        Tx.ListBatchPacks,
        GTIN,
        lot,
        '',
        '',
      );
      expect([...page.items].sort()).toEqual([...(serials[index] ?? [])].sort());
    }
  });
});
