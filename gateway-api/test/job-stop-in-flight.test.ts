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
import type { Ledger } from '@packtrace/ledger';
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
 * A ledger whose first `CommissionPacks` is held before it is sent until `release` is called, as
 * a slow network holds a chunk in flight; `sent` resolves once that chunk has committed.
 */
function ledgerHoldingFirstChunk(ledger: Ledger): {
  ledger: Ledger;
  inFlight: Promise<void>;
  release: () => void;
  sent: Promise<void>;
} {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived = (): void => undefined;
  const inFlight = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let done = (): void => undefined;
  const sent = new Promise<void>((resolve) => {
    done = resolve;
  });
  let first = true;
  return {
    ledger: interceptSubmits(ledger, async (session, transaction, args, options) => {
      if (transaction !== Tx.CommissionPacks.name || !first) {
        return session.submit(transaction, args, options);
      }
      first = false;
      arrived();
      await held;
      try {
        return await session.submit(transaction, args, options);
      } finally {
        done();
      }
    }),
    inFlight,
    release: () => release(),
    sent,
  };
}

describe('a commissioning job stopped while a chunk is in flight', () => {
  let gw: TestGateway;
  let jobsDir: string;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    jobsDir = await mkdtemp(join(tmpdir(), 'packtrace-jobs-'));
  });
  afterAll(async () => {
    await gw.stop();
    await rm(jobsDir, { recursive: true, force: true });
  });

  it('is idle only once that chunk came back, and counts it', async () => {
    const holding = ledgerHoldingFirstChunk(gw.ledger);
    const users = await UserDirectory.open(gw.dataDir, new Wallet(join(gw.dataDir, 'wallet')));
    const sessions = new UserSessions(holding.ledger, users);
    const jobs = new CommissioningJobs(jobsDir, sessions, users, pino({ level: 'silent' }), {
      chunkSerials: 100,
      perParty: CONFIG_DEFAULTS.jobsPerParty,
    });
    const maker = users.get('manufacturer');
    if (maker === undefined) {
      throw new Error('the demo manufacturer is missing');
    }
    try {
      const serials = Array.from(
        { length: 300 },
        (_, i) => `INFLIGHT${String(i).padStart(4, '0')}`,
      );
      const job = await jobs.start(maker, GTIN, 'INFLIGHT', EXPIRY, serials);
      await holding.inFlight;
      // The user is disabled while the first chunk is on its way: the job stops at once.
      await users.setDisabled('manufacturer', true);
      sessions.drop('manufacturer');
      expect(jobs.get(job.id)).toMatchObject({
        status: 'failed',
        error: { code: 'USER_DISABLED' },
      });
      // The chunk goes on after idle() is asked: idle must wait for it.
      setTimeout(holding.release, 200);
      await jobs.idle();
      const counted = jobs.get(job.id)?.committed;
      await holding.sent;
      expect(counted).toBe(await countBatchPacks(gw, GTIN, 'INFLIGHT'));
      expect(counted).toBeGreaterThan(0);
    } finally {
      holding.release();
      await users.setDisabled('manufacturer', false);
    }
  });
});
