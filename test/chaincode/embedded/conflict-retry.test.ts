import { CommitError } from '@packtrace/embedded-ledger';
import { LedgerFailure } from '@packtrace/ledger';
import { Tx } from '@packtrace/chaincode/client';
import { GTIN } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import { EXPIRY, registerProduct } from '../../support/fixtures';

/**
 * A transaction invalidated at commit because a range it read changed (a phantom read) read
 * stale state, exactly as one that lost an MVCC conflict: the seam runs it again, and one that
 * keeps losing is reported as a conflict, never as an internal failure.
 */
describe('read conflicts at commit, at the ledger seam', () => {
  let d: EmbeddedScenario;

  beforeAll(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
  });
  afterAll(async () => d.stop());
  afterEach(() => jest.restoreAllMocks());

  const commission = (lot: string) =>
    d
      .session('manufacturer')
      .submit(Tx.CommissionPacks.name, [GTIN, lot, EXPIRY, JSON.stringify([`${lot}-1`])]);

  it('runs a transaction that lost a phantom read conflict again, and it commits', async () => {
    const commit = jest.spyOn(d.engine, 'commit');
    commit.mockImplementationOnce((endorsement) =>
      Promise.reject(new CommitError('PHANTOM_READ_CONFLICT', endorsement.txId)),
    );
    const committed = await commission('PH-1');
    expect(commit).toHaveBeenCalledTimes(2);
    await expect(d.engine.transaction(committed.txId)).resolves.toBeDefined();
  });

  it('reports a phantom read conflict that persists as a conflict, after running it again', async () => {
    const commit = jest
      .spyOn(d.engine, 'commit')
      .mockImplementation((endorsement) =>
        Promise.reject(new CommitError('PHANTOM_READ_CONFLICT', endorsement.txId)),
      );
    const failure = await commission('PH-2').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LedgerFailure);
    expect((failure as LedgerFailure).kind).toBe('conflict');
    expect(commit.mock.calls.length).toBeGreaterThan(1);
  });
});
