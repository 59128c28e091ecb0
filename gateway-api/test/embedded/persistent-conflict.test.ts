// A write that keeps losing read conflicts is a conflict to the client, never an internal error.
// Embedded ledger only: it makes the ledger invalidate every commit, which only the embedded
// engine lets a test do.
import { CommitError } from '@packtrace/embedded-ledger';
import type { EmbeddedLedger } from '@packtrace/ledger';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from '../support/test-gateway';

const GTIN = '09506000134352';

describe('a write that keeps losing phantom read conflicts', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());
  afterEach(() => jest.restoreAllMocks());

  it('is answered 409 CONFLICT after being run again, and changes nothing', async () => {
    const { engine } = gw.ledger as EmbeddedLedger;
    const commit = jest
      .spyOn(engine, 'commit')
      .mockImplementation((endorsement) =>
        Promise.reject(new CommitError('PHANTOM_READ_CONFLICT', endorsement.txId)),
      );
    const height = await gw.height();
    const answer = await as(gw, 'manufacturer').post('/batches', {
      gtin: GTIN,
      lot: 'LOSES',
      expiry: EXPIRY,
      serials: ['L1'],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('CONFLICT');
    expect(commit.mock.calls.length).toBeGreaterThan(1);
    commit.mockRestore();
    expect(await gw.height()).toBe(height);
    await as(gw, 'manufacturer').get(`/batches/${GTIN}/LOSES`).expect(404);
  });
});
