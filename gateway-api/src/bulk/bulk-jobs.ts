import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MAX_PACKS_PER_TRANSACTION,
  Tx,
  type ListedVerdict,
  type PackFailure,
  type SubmitEntry,
} from '@packtrace/chaincode/client';
import { LedgerFailure, type LedgerSession } from '@packtrace/ledger';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error';
import type { User, UserDirectory } from '../identity/user-directory';
import { submitTimed, type LedgerCallMetrics } from '../ledger/timed-submit';
import type { UserSessions } from '../ledger/user-sessions';
import {
  BULK_OPERATIONS,
  type BulkJob,
  type BulkOperation,
  type BulkPack,
  type BulkPackResult,
} from './bulk-job';
import { worstFirst } from './bulk-results';
import { BackgroundRuns } from '../jobs/background-runs';

export { BULK_OPERATIONS, type BulkJob, type BulkOperation, type BulkPack, type BulkPackResult };

/** The transaction each operation's chunks are sent as, and who may send it. */
const ENTRIES = {
  verify: Tx.VerifyPacks,
  dispense: Tx.DispensePacks,
  decommission: Tx.DecommissionPacks,
} as const;

/** Whether a user's role may run this kind of job (the chaincode's own rule for its chunks). */
export function mayRun(operation: BulkOperation, user: User): boolean {
  return ENTRIES[operation].roles.includes(user.role);
}

/** Most packs one job may list: tens of thousands, as EU pharmacy software sends. */
export const MAX_PACKS_PER_JOB = 50_000;

/**
 * Rounds a chunk refused for some of its packs is sent again without them: a pack may change
 * between two rounds (another user dispenses it), so more than one may be needed, but not many.
 */
const ROUNDS = 3;
/** Attempts per round when the ledger was unreachable or left the outcome unknown. */
const ATTEMPTS = 3;
const OUTCOME_WAIT_MS = 30_000;
const OUTCOME_POLL_MS = 500;

/** A job as kept: what clients read, its authority, and each pack's result so far. */
interface JobRecord {
  readonly job: BulkJob;
  readonly tokenVersion: number;
  readonly party: string;
  readonly results: BulkPackResult[];
  /**
   * The transaction about to be sent for these packs (saved before it is sent): a gateway that
   * stops before hearing its outcome looks it up when it resumes, so packs it did are not sent
   * again and reported refused as already inactive.
   */
  readonly inFlight?: { readonly txId: string; readonly indexes: readonly number[] };
}

/** How the jobs are cut and bounded. */
export interface BulkJobLimits {
  /** Packs per transaction; at most the chaincode's MAX_PACKS_PER_TRANSACTION. */
  readonly chunkPacks?: number;
  /** Jobs one party may have running at once. */
  readonly perParty?: number;
  readonly metrics?: LedgerCallMetrics;
}

/** A job id (UUID-shaped) from a request's idempotency seed: a retry gets the same job. */
function jobIdOf(seed: string): string {
  const hex = createHash('sha256').update('bulk-job').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Stops a run between chunks (the user lost the right to act). */
class JobStopped extends Error {
  override readonly name = 'JobStopped';
}

/**
 * Verifies, dispenses or decommissions a list of up to {@link MAX_PACKS_PER_JOB} packs in the
 * background, in transactions of at most {@link MAX_PACKS_PER_TRANSACTION} packs, one after the
 * other. A chunk is all or nothing on the ledger: when some of its packs are refused, they are
 * recorded with their reasons and the rest of the chunk is sent again without them, so every pack
 * that may go goes, and each pack's result says exactly whether it was done. The job, its packs
 * and every result are written to disk after each chunk (through a temporary file and a rename),
 * so a job interrupted by a restart resumes at its first chunk not done. Like a commissioning
 * job, it acts for its user only while the user may: a disable or a password reset stops it
 * before its next chunk, and the packs not sent are `not_done`.
 */
export class BulkJobs {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly runs = new BackgroundRuns();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly chunkPacks: number;
  private readonly perParty: number;
  private readonly metrics: LedgerCallMetrics | undefined;

  constructor(
    private readonly directory: string,
    private readonly sessions: UserSessions,
    private readonly users: UserDirectory,
    private readonly log: Logger,
    limits: BulkJobLimits = {},
  ) {
    this.chunkPacks = Math.min(
      limits.chunkPacks ?? MAX_PACKS_PER_TRANSACTION,
      MAX_PACKS_PER_TRANSACTION,
    );
    this.perParty = limits.perParty ?? 2;
    this.metrics = limits.metrics;
  }

  /** Loads every job on disk and resumes those still running. */
  async resume(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    for (const file of await readdir(this.directory)) {
      if (!file.endsWith('.job.json')) {
        continue;
      }
      const record = JSON.parse(await readFile(join(this.directory, file), 'utf8')) as JobRecord;
      this.jobs.set(record.job.id, record);
      if (record.job.status === 'running') {
        this.log.info({ job: record.job.id, done: record.job.done }, 'resuming bulk job');
        this.launch(record.job.id);
      }
    }
  }

  /**
   * Starts a job for `user` over `packs` (distinct, at most {@link MAX_PACKS_PER_JOB}).
   *
   * @throws ApiError 403 ROLE_FORBIDDEN when the user's role may not run the operation, 429
   *   TOO_MANY_JOBS when the user's party has as many running as it may
   */
  async start(
    user: User,
    operation: BulkOperation,
    packs: readonly BulkPack[],
    options: { readonly reason?: string; readonly note?: string; readonly seed?: string } = {},
  ): Promise<BulkJob> {
    const id = options.seed === undefined ? randomUUID() : jobIdOf(options.seed);
    const started = this.jobs.get(id);
    if (started !== undefined) {
      return started.job;
    }
    if (!mayRun(operation, user)) {
      throw new ApiError(403, 'ROLE_FORBIDDEN', `a ${user.role} may not ${operation} packs`);
    }
    const running = [...this.jobs.values()].filter(
      (record) => record.party === user.gln && record.job.status === 'running',
    ).length;
    if (running >= this.perParty) {
      throw new ApiError(
        429,
        'TOO_MANY_JOBS',
        `your organisation (GLN ${user.gln}) has ${running} bulk jobs running, as many as it may at once; try again when one has finished`,
        undefined,
        30,
      );
    }
    const now = new Date().toISOString();
    const chunks = Math.ceil(packs.length / this.chunkPacks);
    const job: BulkJob = {
      id,
      username: user.username,
      operation,
      reason: operation === 'dispense' ? 'dispensed' : (options.reason ?? null),
      note: options.note ?? '',
      total: packs.length,
      chunkSize: this.chunkPacks,
      chunks,
      doneChunks: 0,
      done: 0,
      succeeded: 0,
      failed: 0,
      status: 'running',
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    const record: JobRecord = {
      job,
      tokenVersion: user.tokenVersion,
      party: user.gln,
      results: packs.map((pack) => ({
        gtin: pack.gtin,
        serial: pack.serial,
        outcome: 'not_done',
        code: null,
        message: null,
        reasons: [],
      })),
    };
    this.jobs.set(job.id, record);
    try {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      await this.save(record);
    } catch (error) {
      this.jobs.delete(job.id);
      throw error;
    }
    this.launch(job.id);
    return job;
  }

  /** A job, for the party that started it; undefined for anyone else. */
  get(id: string, user: User): BulkJob | undefined {
    const record = this.jobs.get(id);
    return record?.party === user.gln ? record.job : undefined;
  }

  /** Every pack's result, worst first (refused, then not done, then done). */
  results(id: string, user: User): BulkPackResult[] | undefined {
    const record = this.jobs.get(id);
    return record?.party === user.gln ? worstFirst(record.results) : undefined;
  }

  /** Resolves when no job is running (orderly shutdown and tests). */
  async idle(): Promise<void> {
    await this.runs.idle(() =>
      [...this.jobs.values()].some((record) => record.job.status === 'running'),
    );
  }

  private launch(id: string): void {
    const run = this.run(id).catch(async (error: unknown) => {
      this.log.error({ job: id, err: error }, 'bulk job failed');
      await this.finish(id, 'failed', {
        code: 'JOB_FAILED',
        message: 'the job could not go on; see the gateway log',
      }).catch(() => undefined);
    });
    this.runs.add(run);
  }

  /** Why the job may no longer act for its user, if it may not. */
  private lostAuthority(record: JobRecord): { code: string; message: string } | undefined {
    const user = this.users.get(record.job.username);
    const rest = 'the packs of the chunks sent before stay done; the rest were not sent';
    if (user === undefined || user.disabled) {
      return {
        code: 'USER_DISABLED',
        message: `user ${record.job.username} may no longer act; ${rest}`,
      };
    }
    if (user.tokenVersion !== record.tokenVersion) {
      return {
        code: 'CREDENTIALS_CHANGED',
        message: `the password of user ${record.job.username} changed after the job started; ${rest}`,
      };
    }
    return undefined;
  }

  private async run(id: string): Promise<void> {
    for (;;) {
      const record = this.jobs.get(id);
      if (record === undefined || record.job.status !== 'running') {
        return;
      }
      const lost = this.lostAuthority(record);
      if (lost !== undefined) {
        await this.finish(id, 'stopped', lost);
        return;
      }
      const { job } = record;
      if (job.doneChunks >= job.chunks) {
        await this.finish(id, 'completed', null);
        return;
      }
      const user = this.users.get(job.username);
      if (user === undefined) {
        return;
      }
      const session = await this.sessions.sessionOf(user);
      const from = job.doneChunks * job.chunkSize;
      const results = [...record.results];
      if (record.inFlight !== undefined) {
        await settleInFlight(session, record.inFlight, results);
      }
      // Only packs not answered yet: after a restart, the rounds already done are not sent again.
      const indexes = results
        .slice(from, from + job.chunkSize)
        .map((_, offset) => from + offset)
        .filter((index) => results[index]?.outcome === 'not_done');
      const settled = withoutInFlight(record);
      const markInFlight = (txId: string, sent: readonly number[]) =>
        this.save({ ...settled, results: [...results], inFlight: { txId, indexes: sent } });
      try {
        if (indexes.length > 0) {
          await this.runChunk(session, job, indexes, results, markInFlight);
        }
      } catch (error) {
        if (!(error instanceof JobStopped)) {
          // The chunk's packs stay not done: the ledger refused or never confirmed it.
          await this.save({ ...settled, results });
          await this.finish(id, 'failed', chunkError(error));
          return;
        }
      }
      const counted = countOutcomes(results);
      await this.save({
        ...settled,
        results,
        job: {
          ...job,
          doneChunks: job.doneChunks + 1,
          done: Math.min(from + job.chunkSize, job.total),
          ...counted,
          updatedAt: new Date().toISOString(),
        },
      });
    }
  }

  /** Sends one chunk, again without the packs it was refused for, and records each result. */
  private async runChunk(
    session: LedgerSession,
    job: BulkJob,
    indexes: readonly number[],
    results: BulkPackResult[],
    markInFlight: (txId: string, sent: readonly number[]) => Promise<void>,
  ): Promise<void> {
    const packOf = (index: number): BulkPack => {
      const result = results[index];
      return { gtin: result?.gtin ?? '', serial: result?.serial ?? '' };
    };
    if (job.operation === 'verify') {
      const codes = indexes.map((index) => `(01)${packOf(index).gtin}(21)${packOf(index).serial}`);
      const stop = this.metrics?.ledgerCall(Tx.VerifyPacks.name, 'evaluate');
      let payload: Uint8Array;
      try {
        payload = await session.evaluate(Tx.VerifyPacks.name, [JSON.stringify(codes)]);
      } finally {
        stop?.();
      }
      const answers = JSON.parse(Buffer.from(payload).toString('utf8')) as ListedVerdict[];
      answers.forEach((answer, position) => {
        const index = indexes[position];
        if (index !== undefined) {
          results[index] = verifyResult(packOf(index), answer);
        }
      });
      return;
    }
    let remaining = [...indexes];
    for (let round = 1; remaining.length > 0; round += 1) {
      const sent = [...remaining];
      const failures = await this.submitRound(session, job, sent.map(packOf), (txId) =>
        markInFlight(txId, sent),
      );
      if (failures === undefined) {
        for (const index of remaining) {
          results[index] = {
            ...packOf(index),
            outcome: 'done',
            code: null,
            message: null,
            reasons: [],
          };
        }
        return;
      }
      const failed = new Map(
        failures.map((failure) => [`${failure.gtin}/${failure.serial}`, failure]),
      );
      remaining = remaining.filter((index) => {
        const failure = failed.get(`${packOf(index).gtin}/${packOf(index).serial}`);
        if (failure !== undefined) {
          results[index] = {
            ...packOf(index),
            outcome: 'refused',
            code: failure.code,
            message: failure.message,
            reasons: [failure.code],
          };
        }
        return failure === undefined;
      });
      if (round >= ROUNDS) {
        for (const index of remaining) {
          results[index] = {
            ...packOf(index),
            outcome: 'not_done',
            code: 'CHUNK_REFUSED',
            message: `not done: its transaction was refused ${String(ROUNDS)} times for other packs`,
            reasons: [],
          };
        }
        return;
      }
    }
  }

  /**
   * Submits the packs once (again while the ledger was unreachable or left the outcome unknown
   * and it did not commit); undefined when they were done, or the packs it was refused for.
   */
  private async submitRound(
    session: LedgerSession,
    job: BulkJob,
    packs: readonly BulkPack[],
    beforeSend: (txId: string) => Promise<void>,
  ): Promise<PackFailure[] | undefined> {
    const list = JSON.stringify(packs.map((pack) => ({ type: 'pack', ...pack })));
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (job.operation === 'dispense') {
          await submitTimed(session, this.metrics, Tx.DispensePacks, [list], beforeSend);
        } else {
          await submitTimed(
            session,
            this.metrics,
            Tx.DecommissionPacks as SubmitEntry<readonly [string, string, string]>,
            [list, job.reason ?? '', job.note],
            beforeSend,
          );
        }
        return undefined;
      } catch (error) {
        const failures = (
          error instanceof LedgerFailure ? error.body?.details?.['failures'] : undefined
        ) as PackFailure[] | undefined;
        if (failures !== undefined && failures.length > 0) {
          return failures;
        }
        if (await committedAfterAll(session, error)) {
          return undefined;
        }
        const retryable =
          error instanceof LedgerFailure &&
          (error.kind === 'unavailable' ||
            error.kind === 'outcome_unknown' ||
            error.kind === 'conflict');
        if (!retryable || attempt >= ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private async finish(
    id: string,
    status: 'completed' | 'failed' | 'stopped',
    error: { code: string; message: string } | null,
  ): Promise<void> {
    const record = this.jobs.get(id);
    if (record === undefined || record.job.status !== 'running') {
      return;
    }
    await this.save({
      ...record,
      job: { ...record.job, status, error, updatedAt: new Date().toISOString() },
    });
  }

  private async save(record: JobRecord): Promise<void> {
    this.jobs.set(record.job.id, record);
    const name = `${record.job.id}.job.json`;
    const target = join(this.directory, name);
    const temporary = `${target}.${String(process.pid)}.tmp`;
    const write = (this.writes.get(name) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        await writeFile(temporary, JSON.stringify(record), { mode: 0o600 });
        await rename(temporary, target);
      });
    this.writes.set(name, write);
    try {
      await write;
    } finally {
      if (this.writes.get(name) === write) {
        this.writes.delete(name);
      }
    }
  }
}

function verifyResult(pack: BulkPack, answer: ListedVerdict): BulkPackResult {
  if (answer.verdict === null) {
    return {
      ...pack,
      outcome: 'refused',
      code: answer.error?.code ?? 'INVALID_CODE',
      message: answer.error?.message ?? null,
      reasons: [],
    };
  }
  const reasons = answer.verdict.reasons.map((reason) => reason.code);
  return answer.verdict.verdict === 'AUTHENTIC_ACTIVE'
    ? { ...pack, outcome: 'done', code: null, message: null, reasons }
    : {
        ...pack,
        outcome: 'refused',
        code: reasons[0] ?? 'DO_NOT_SUPPLY',
        message: answer.verdict.reasons.map((reason) => reason.message).join(' '),
        reasons,
      };
}

function countOutcomes(results: readonly BulkPackResult[]): { succeeded: number; failed: number } {
  let succeeded = 0;
  let failed = 0;
  for (const result of results) {
    if (result.outcome === 'done') {
      succeeded += 1;
    } else if (result.outcome === 'refused') {
      failed += 1;
    }
  }
  return { succeeded, failed };
}

/** The record without its transaction in flight (answered now, or about to be replaced). */
function withoutInFlight(record: JobRecord): JobRecord {
  return {
    job: record.job,
    tokenVersion: record.tokenVersion,
    party: record.party,
    results: record.results,
  };
}

/**
 * Resolves the transaction a stopped gateway had sent without hearing its outcome: when the
 * ledger has it committed, its packs were done.
 */
async function settleInFlight(
  session: LedgerSession,
  inFlight: { readonly txId: string; readonly indexes: readonly number[] },
  results: BulkPackResult[],
): Promise<void> {
  const outcome = await session.transactionOutcome(inFlight.txId);
  if (outcome.status !== 'committed') {
    return;
  }
  for (const index of inFlight.indexes) {
    const result = results[index];
    if (result !== undefined) {
      results[index] = { ...result, outcome: 'done', code: null, message: null, reasons: [] };
    }
  }
}

/** Whether a round whose outcome was unknown committed after all. */
async function committedAfterAll(session: LedgerSession, error: unknown): Promise<boolean> {
  if (
    !(error instanceof LedgerFailure) ||
    error.kind !== 'outcome_unknown' ||
    error.txId === undefined
  ) {
    return false;
  }
  for (const end = Date.now() + OUTCOME_WAIT_MS; ;) {
    try {
      const outcome = await session.transactionOutcome(error.txId);
      if (outcome.status !== 'absent') {
        return outcome.status === 'committed';
      }
    } catch {
      return false;
    }
    if (Date.now() >= end) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS));
  }
}

function chunkError(error: unknown): { code: string; message: string } {
  if (error instanceof LedgerFailure && error.body !== undefined) {
    return { code: error.body.code, message: error.body.message };
  }
  return {
    code: 'CHUNK_FAILED',
    message:
      'a chunk could not be sent or its outcome was not confirmed; its packs are not done, the chunks before stay done; see the gateway log',
  };
}
