import { serialCell } from '@packtrace/chaincode/client';
import {
  EXPIRY,
  as,
  countBatchPacks,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

/** `count` serials starting with `prefix` that all fall in one cell of the compact record. */
function serialsInCell(prefix: string, cell: number, count: number): string[] {
  const found: string[] = [];
  for (let n = 0; found.length < count; n += 1) {
    if (serialCell(`${prefix}${n}`) === cell) {
      found.push(`${prefix}${n}`);
    }
  }
  return found;
}

/**
 * Lots of one GTIN commissioned at the same moment read the same cells of the compact record
 * (to refuse a serial used under two batches), so all but one lose a phantom read conflict at
 * commit: the gateway's ledger runs them again, as after any read conflict.
 */
describe('commissioning lots of one GTIN at the same moment', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // Small chunks, so jobs of a few thousand serials have several, as large ones do.
    gw = await startGateway(undefined, { jobChunkSerials: 500 });
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'FIRST', expiry: EXPIRY, serials: ['F1'] })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  it('commissions four lots sent at once, answering 201 to each', async () => {
    const lots = ['CA', 'CB', 'CC', 'CD'];
    const serials = lots.map((lot) => serialsInCell(`${lot}-`, 11, 3));
    const answers = await Promise.all(
      lots.map((lot, index) =>
        as(gw, 'manufacturer').post('/batches', {
          gtin: GTIN,
          lot,
          expiry: EXPIRY,
          serials: serials[index],
        }),
      ),
    );
    expect(answers.map((answer): unknown[] => [answer.status, answer.body.error?.code])).toEqual(
      lots.map(() => [201, undefined]),
    );
    expect(answers.map((answer): unknown => answer.body.created)).toEqual([3, 3, 3, 3]);
  });

  it('completes two jobs of one GTIN run at the same moment, every chunk committed', async () => {
    const started = await Promise.all(
      ['JA', 'JB'].map((lot) =>
        as(gw, 'manufacturer')
          .post('/batches', { gtin: GTIN, lot, expiry: EXPIRY, count: 5_001 })
          .expect(202),
      ),
    );
    await gw.jobs.idle();
    for (const [index, lot] of ['JA', 'JB'].entries()) {
      const job = gw.jobs.get(started[index]?.body.job.id as string);
      expect(job).toMatchObject({ status: 'completed', committed: 5_001, error: null });
      expect(job?.chunks).toBeGreaterThan(1);
      expect(await countBatchPacks(gw, GTIN, lot)).toBe(5_001);
    }
  });
});
