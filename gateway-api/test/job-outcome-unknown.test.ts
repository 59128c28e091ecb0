import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Tx } from '@packtrace/chaincode/client';
import {
  CONFIG_DEFAULTS,
  CommissioningJobs,
  UserDirectory,
  UserSessions,
  Wallet,
} from '@packtrace/gateway-api';
import { LedgerFailure, type Ledger } from '@packtrace/ledger';
import { interceptSubmits } from './support/intercepted-ledger';
import {
  EXPIRY,
  countBatchPacks,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

/**
 * The ledger commits a chunk, but the gateway does not hear it (Fabric's ordering deadline passed
 * on a loaded machine): the submit ends `outcome_unknown` with the transaction's id, as the seam
 * reports it. Every `CommissionPacks` submit of the sessions this ledger opens is heard that way
 * once it committed, the first `unheard` times, after `whenLost` ran.
 */
function ledgerNotHeard(
  ledger: Ledger,
  unheard: number,
  whenLost: () => Promise<void> = () => Promise.resolve(),
): { ledger: Ledger; lost: () => number; sent: () => number } {
  let lost = 0;
  let sent = 0;
  return {
    ledger: interceptSubmits(ledger, async (session, transaction, args, options) => {
      if (transaction === Tx.CommissionPacks.name) {
        sent += 1;
      }
      const committed = await session.submit(transaction, args, options);
      if (transaction === Tx.CommissionPacks.name && lost < unheard) {
        lost += 1;
        await whenLost();
        throw new LedgerFailure('outcome_unknown', 'ordering did not answer in time', {
          txId: committed.txId,
        });
      }
      return committed;
    }),
    lost: () => lost,
    sent: () => sent,
  };
}

describe('a commissioning chunk whose commit the gateway did not hear', () => {
  let gw: TestGateway;
  let jobsDir: string;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => {
    await gw.stop();
  });
  beforeEach(async () => {
    jobsDir = await mkdtemp(join(tmpdir(), 'packtrace-jobs-'));
  });
  afterEach(async () => {
    await rm(jobsDir, { recursive: true, force: true });
  });

  async function jobsOn(
    ledger: Ledger,
  ): Promise<{ jobs: CommissioningJobs; users: UserDirectory }> {
    const users = await UserDirectory.open(gw.dataDir, new Wallet(join(gw.dataDir, 'wallet')));
    const jobs = new CommissioningJobs(
      jobsDir,
      new UserSessions(ledger, users),
      users,
      pino({ level: 'silent' }),
      { chunkSerials: 100, perParty: CONFIG_DEFAULTS.jobsPerParty },
    );
    return { jobs, users };
  }

  it('is looked up on the ledger and counted, not sent again: the job completes with every pack once', async () => {
    const deaf = ledgerNotHeard(gw.ledger, 2);
    const { jobs, users } = await jobsOn(deaf.ledger);
    const maker = users.get('manufacturer');
    if (maker === undefined) {
      throw new Error('the demo manufacturer is missing');
    }
    const serials = Array.from({ length: 450 }, (_, i) => `UNHEARD${String(i).padStart(4, '0')}`);
    const job = await jobs.start(maker, GTIN, 'UNHEARD', EXPIRY, serials);
    await jobs.idle();
    expect(deaf.lost()).toBe(2);
    // One submit per chunk: neither unheard chunk was sent a second time.
    expect(deaf.sent()).toBe(job.chunks);
    expect(jobs.get(job.id)).toMatchObject({
      status: 'completed',
      committed: 450,
      error: null,
    });
    expect(await countBatchPacks(gw, GTIN, 'UNHEARD')).toBe(450);
  });

  it('is counted when the job stops meanwhile (its user disabled), so the job says what the ledger holds', async () => {
    const directory: { users?: UserDirectory } = {};
    const deaf = ledgerNotHeard(gw.ledger, 1, async () => {
      // The user is disabled while the chunk's outcome is unknown: the job sends nothing more.
      await directory.users?.setDisabled('manufacturer', true);
    });
    const opened = await jobsOn(deaf.ledger);
    const { users } = opened;
    directory.users = users;
    const maker = users.get('manufacturer');
    if (maker === undefined) {
      throw new Error('the demo manufacturer is missing');
    }
    try {
      const serials = Array.from({ length: 450 }, (_, i) => `STOPPED${String(i).padStart(4, '0')}`);
      const job = await opened.jobs.start(maker, GTIN, 'STOPPED', EXPIRY, serials);
      await opened.jobs.idle();
      expect(deaf.lost()).toBe(1);
      const ended = opened.jobs.get(job.id);
      expect(ended).toMatchObject({ status: 'failed', error: { code: 'USER_DISABLED' } });
      const onLedger = await countBatchPacks(gw, GTIN, 'STOPPED');
      expect(onLedger).toBeGreaterThan(0);
      expect(ended?.committed).toBe(onLedger);
    } finally {
      await users.setDisabled('manufacturer', false);
    }
  });
});
