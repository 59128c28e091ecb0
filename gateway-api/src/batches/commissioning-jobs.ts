import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Tx, chunksByCell } from '@packtrace/chaincode/client';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error';
import type { User, UserDirectory } from '../identity/user-directory';
import { submitTimed, type LedgerCallMetrics } from '../ledger/timed-submit';
import type { UserSessions } from '../ledger/user-sessions';
import { LedgerFailure, type LedgerSession } from '@packtrace/ledger';
import { BackgroundRuns } from '../jobs/background-runs';

/** The state of a large commissioning, as clients read it. */
export interface CommissioningJob {
  readonly id: string;
  readonly username: string;
  readonly gtin: string;
  readonly lot: string;
  readonly expiry: string;
  readonly total: number;
  readonly chunkSize: number;
  readonly chunks: number;
  readonly doneChunks: readonly number[];
  readonly committed: number;
  readonly status: 'running' | 'completed' | 'failed';
  readonly error: { code: string; message: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Why a job ended before committing every chunk: a stable code and a sentence. */
interface JobError {
  readonly code: string;
  readonly message: string;
}

/** A job as the gateway keeps it: what clients read, and on whose authority it acts. */
interface JobRecord {
  readonly job: CommissioningJob;
  /**
   * The user's token version when the job started. A password reset or a disable raises it, and
   * a job acts for its user only while it has not changed.
   */
  readonly tokenVersion: number;
  /** The party (GLN) the job commissions for, whose running jobs are bounded together. */
  readonly party: string;
}

/** A job's file: the job, with its authority (absent in files of earlier gateways). */
type StoredJob = CommissioningJob & { readonly tokenVersion?: number; readonly party?: string };

/** How the jobs are cut and bounded (the assembly passes the resolved settings). */
export interface CommissioningJobLimits {
  /** Serials per chunk; see `GatewayConfig.jobChunkSerials`. */
  readonly chunkSerials: number;
  /** Jobs one party may have running at once; see `GatewayConfig.jobsPerParty`. */
  readonly perParty: number;
  /** The gateway's metrics, so the jobs' submits are timed with every other ledger call. */
  readonly metrics?: LedgerCallMetrics;
}

/**
 * Seconds a party refused another job is told to wait: a large job takes tens of seconds to
 * some minutes, so asking sooner would mostly be refused again.
 */
const JOB_RETRY_AFTER_SECONDS = 30;

/**
 * Thrown when a chunk is about to be sent again but its job has stopped (its status already
 * says why).
 */
class JobStopped extends Error {
  override readonly name = 'JobStopped';
}

/** A job id (UUID-shaped) derived from a request's idempotency seed, the same on every retry. */
function jobIdOf(seed: string): string {
  const hex = createHash('sha256').update('job').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Chunks in flight at once: while some are endorsed, others are ordered and committed. Chunks of
 * a job fall in disjoint cells of the compact record (chunksByCell), so they never conflict.
 */
const CONCURRENCY = 4;
/**
 * Attempts per chunk when the ledger was unreachable, did not confirm the outcome, or the chunk
 * kept losing read conflicts to other commissioning of the GTIN (each attempt is itself retried
 * on conflicts by the ledger seam): safe, because CommissionPacks adds only the serials not yet
 * present.
 */
const ATTEMPTS = 3;

/**
 * How long a chunk whose commit status was not heard is looked up on the ledger, and how often:
 * ordering that did not answer in time (Fabric's submit deadline, a loaded orderer) may still
 * commit the chunk a moment later, and sending it again would be refused as a duplicate.
 */
const OUTCOME_WAIT_MS = 30_000;
const OUTCOME_POLL_MS = 500;

/**
 * Commissions batches larger than one transaction: splits the serials into chunks of at most
 * the configured size (by default MAX_SERIALS_PER_CALL, what one transaction may carry) by cell
 * of the compact record, commits them concurrently and records progress on disk after every
 * chunk. The serials (in chunk order) and where each chunk starts
 * are written before the first chunk, and CommissionPacks is idempotent, so a job interrupted by
 * a crash resumes at start-up without losing or duplicating a pack. (Jobs written before chunks
 * followed cells have no `.chunks` file: their chunks are equal slices, as then.)
 *
 * A job acts for the user who started it, and only while that user could still act: a disable
 * or a password reset after it started stops it before its next chunk is sent (chunks already
 * sent may still commit, and are counted), its status says why, and it is not resumed. A party
 * may have only so many jobs running at once, over all its users.
 */
export class CommissioningJobs {
  private readonly jobs = new Map<string, JobRecord>();
  /** The latest write of each file, which the next write of it waits for. */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly chunkSerials: number;
  private readonly perParty: number;
  private readonly metrics: LedgerCallMetrics | undefined;

  /** The runs launched and not yet settled: each ends when its last chunk sent came back. */
  private readonly runs = new BackgroundRuns();

  constructor(
    private readonly directory: string,
    private readonly sessions: UserSessions,
    private readonly users: UserDirectory,
    private readonly log: Logger,
    limits: CommissioningJobLimits,
  ) {
    this.chunkSerials = limits.chunkSerials;
    this.perParty = limits.perParty;
    this.metrics = limits.metrics;
    // A disable or a password reset drops the user's session: its jobs stop at once, so their
    // status says why before their next chunk would have been sent.
    sessions.onDrop((username) => {
      for (const record of this.jobs.values()) {
        if (record.job.username === username && record.job.status === 'running') {
          this.stopIfUnauthorised(record.job.id);
        }
      }
    });
  }

  /** Loads every job on disk and resumes those still running whose user may still act. */
  async resume(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    for (const file of await readdir(this.directory)) {
      if (file.endsWith('.json')) {
        const { tokenVersion, party, ...job } = JSON.parse(
          await readFile(join(this.directory, file), 'utf8'),
        ) as StoredJob;
        // A job of an earlier gateway recorded no authority: it acts for its user as the user
        // is now, and stops like any other at a later disable or reset.
        const user = this.users.get(job.username);
        this.jobs.set(job.id, {
          job,
          tokenVersion: tokenVersion ?? user?.tokenVersion ?? 0,
          party: party ?? user?.gln ?? '',
        });
        if (job.status === 'running') {
          this.log.info(
            { job: job.id, done: job.doneChunks.length, chunks: job.chunks },
            'resuming commissioning job',
          );
          this.launch(job.id);
        }
      }
    }
  }

  /**
   * Refuses a job the user's party has no room for; {@link start} checks again, atomically.
   * Lets a request be refused before it draws or checks a million serials.
   *
   * @param seed the request's idempotency seed: a retry of the request that started a job
   *   needs no room, as it gets that job
   * @throws ApiError 429 TOO_MANY_JOBS, with a retry delay
   */
  checkRoom(user: User, seed?: string): void {
    if (seed !== undefined && this.jobs.has(jobIdOf(seed))) {
      return;
    }
    const running = [...this.jobs.values()].filter(
      (record) => record.party === user.gln && record.job.status === 'running',
    ).length;
    if (running >= this.perParty) {
      throw new ApiError(
        429,
        'TOO_MANY_JOBS',
        `your organisation (GLN ${user.gln}) has ${running} commissioning jobs running, as many as it may at once; try again when one has finished`,
        undefined,
        JOB_RETRY_AFTER_SECONDS,
      );
    }
  }

  /**
   * Starts a job commissioning `serials` for `user`, who must be signed in now; a retry of the
   * request that started one (the same seed) gets the same job.
   *
   * @throws ApiError 429 TOO_MANY_JOBS when the user's party has as many jobs running as it may
   */
  async start(
    user: User,
    gtin: string,
    lot: string,
    expiry: string,
    serials: readonly string[],
    options: { readonly seed?: string } = {},
  ): Promise<CommissioningJob> {
    const id = options.seed === undefined ? randomUUID() : jobIdOf(options.seed);
    const started = this.jobs.get(id);
    if (started !== undefined) {
      // A retry of the request that started it (the same Idempotency-Key): the same job.
      return started.job;
    }
    const chunks = chunksByCell(serials, this.chunkSerials);
    // Checked and taken without yielding, so requests arriving together cannot all fit.
    this.checkRoom(user);
    const now = new Date().toISOString();
    const job: CommissioningJob = {
      id,
      username: user.username,
      gtin,
      lot,
      expiry,
      total: serials.length,
      chunkSize: this.chunkSerials,
      chunks: chunks.length,
      doneChunks: [],
      committed: 0,
      status: 'running',
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    const record: JobRecord = { job, tokenVersion: user.tokenVersion, party: user.gln };
    this.jobs.set(id, record);
    try {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      await this.writeAtomically(`${id}.serials`, chunks.flat().join('\n'));
      const starts = chunks.map((_, index) =>
        chunks.slice(0, index).reduce((sum, chunk) => sum + chunk.length, 0),
      );
      await this.writeAtomically(`${id}.chunks`, JSON.stringify([...starts, serials.length]));
      await this.save(record);
    } catch (error) {
      // Nothing was sent: the job never started, and its party's room is free again.
      this.jobs.delete(id);
      throw error;
    }
    this.launch(id);
    return job;
  }

  get(id: string): CommissioningJob | undefined {
    return this.jobs.get(id)?.job;
  }

  /**
   * Resolves when no job is running and every chunk already sent has come back (for orderly
   * shutdown and tests). A stopped job's status turns `failed` at once, while chunks it had sent
   * may still commit and be counted: waiting on the status alone could see its count too early.
   */
  async idle(): Promise<void> {
    await this.runs.idle(() =>
      [...this.jobs.values()].some((record) => record.job.status === 'running'),
    );
  }

  /** Runs a job in the background; what makes it fail is logged and recorded in its status. */
  private launch(id: string): void {
    const run = this.run(id).catch(async (error: unknown) => {
      this.log.error({ job: id, err: error }, 'commissioning job failed');
      await this.fail(id, {
        code: 'JOB_FAILED',
        message: 'the job could not go on; see the gateway log',
      }).catch((failure: unknown) =>
        this.log.error({ job: id, err: failure }, 'a failed job’s status could not be saved'),
      );
    });
    this.runs.add(run);
  }

  /**
   * Why the job may no longer act for its user, if it may not: the user is gone, disabled, or
   * its password changed since the job started (its token version moved on).
   */
  private lostAuthority(record: JobRecord): JobError | undefined {
    const { username } = record.job;
    const user = this.users.get(username);
    const unsent = 'the chunks it had sent stay committed; the rest were not sent';
    if (user === undefined) {
      return { code: 'USER_NOT_FOUND', message: `user ${username} no longer exists; ${unsent}` };
    }
    if (user.disabled) {
      return {
        code: 'USER_DISABLED',
        message: `user ${username} was disabled after the job started; ${unsent}`,
      };
    }
    if (user.tokenVersion !== record.tokenVersion) {
      return {
        code: 'CREDENTIALS_CHANGED',
        message: `the password of user ${username} changed after the job started, ending what it had signed in for; ${unsent}`,
      };
    }
    return undefined;
  }

  /** Stops the job when its user may no longer act; true when it stopped (or had). */
  private stopIfUnauthorised(id: string): boolean {
    const record = this.jobs.get(id);
    if (record === undefined || record.job.status !== 'running') {
      return true;
    }
    const lost = this.lostAuthority(record);
    if (lost === undefined) {
      return false;
    }
    this.log.warn({ job: id, reason: lost.code }, 'commissioning job stopped');
    this.fail(id, lost).catch((error: unknown) =>
      this.log.error({ job: id, err: error }, 'a stopped job’s status could not be saved'),
    );
    return true;
  }

  private async run(id: string): Promise<void> {
    const record = this.jobs.get(id);
    if (record === undefined || this.stopIfUnauthorised(id)) {
      return;
    }
    const first = record.job;
    const serials = (await readFile(join(this.directory, `${id}.serials`), 'utf8')).split('\n');
    const bounds = await this.chunkBounds(id, first, serials.length);
    const user = this.users.get(first.username);
    // Asked again after reading: the user may have lost the right to act meanwhile.
    if (this.stopIfUnauthorised(id) || user === undefined) {
      return;
    }
    const session = await this.sessions.sessionOf(user);
    const pending = Array.from({ length: first.chunks }, (_, index) => index).filter(
      (index) => !first.doneChunks.includes(index),
    );
    /** Commits one chunk; false when the job failed or stopped. */
    const runChunk = async (index: number): Promise<boolean> => {
      // Checked before every chunk is sent: a job acts for its user only while the user may.
      if (this.stopIfUnauthorised(id)) {
        return false;
      }
      const chunk = serials.slice(bounds[index], bounds[index + 1]);
      try {
        await this.commitChunk(session, first, chunk, () => this.stopIfUnauthorised(id));
        await this.chunkDone(id, index, chunk.length);
        return true;
      } catch (error) {
        if (error instanceof JobStopped) {
          return false;
        }
        await this.fail(id, chunkError(error));
        this.log.error({ job: id, chunk: index, err: error }, 'commissioning chunk failed');
        return false;
      }
    };
    // The first chunk may create the batch record: chunks racing it would all read the batch as
    // absent and write it, and all but one would be endorsed again after an MVCC conflict.
    const opening = first.doneChunks.length === 0 ? pending.shift() : undefined;
    if (opening !== undefined && !(await runChunk(opening))) {
      return;
    }
    const worker = async () => {
      for (let index = pending.shift(); index !== undefined; index = pending.shift()) {
        if (!(await runChunk(index))) {
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  /** Where each chunk starts, and the end: from the `.chunks` file, or equal slices. */
  private async chunkBounds(id: string, job: CommissioningJob, total: number): Promise<number[]> {
    try {
      return JSON.parse(await readFile(join(this.directory, `${id}.chunks`), 'utf8')) as number[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
      return Array.from({ length: job.chunks + 1 }, (_, index) =>
        Math.min(index * job.chunkSize, total),
      );
    }
  }

  /**
   * Sends a chunk, again while the ledger was unreachable, left the outcome unknown or the chunk
   * kept losing read conflicts; `stopped` is asked before each attempt after the first.
   */
  private async commitChunk(
    session: LedgerSession,
    job: CommissioningJob,
    chunk: string[],
    stopped: () => boolean,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1 && stopped()) {
        throw new JobStopped('the job stopped before the chunk was sent again');
      }
      try {
        await submitTimed(session, this.metrics, Tx.CommissionPacks, [
          job.gtin,
          job.lot,
          job.expiry,
          JSON.stringify(chunk),
        ]);
        return;
      } catch (error) {
        if (await committedAfterAll(session, error)) {
          return;
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

  private async chunkDone(id: string, index: number, size: number): Promise<void> {
    const record = this.jobs.get(id);
    if (record === undefined) {
      return;
    }
    const { job } = record;
    const doneChunks = [...job.doneChunks, index].sort((a, b) => a - b);
    const finished = doneChunks.length === job.chunks;
    await this.save({
      ...record,
      job: {
        ...job,
        doneChunks,
        committed: job.committed + size,
        // A chunk sent before its job stopped or failed still counts, but does not revive it.
        status: job.status === 'running' && finished ? 'completed' : job.status,
        updatedAt: new Date().toISOString(),
      },
    });
  }

  private async fail(id: string, error: JobError): Promise<void> {
    const record = this.jobs.get(id);
    if (record !== undefined && record.job.status === 'running') {
      await this.save({
        ...record,
        job: {
          ...record.job,
          status: 'failed',
          error: { code: error.code, message: error.message },
          updatedAt: new Date().toISOString(),
        },
      });
    }
  }

  private async save(record: JobRecord): Promise<void> {
    this.jobs.set(record.job.id, record);
    const stored: StoredJob = {
      ...record.job,
      tokenVersion: record.tokenVersion,
      party: record.party,
    };
    await this.writeAtomically(`${record.job.id}.json`, JSON.stringify(stored));
  }

  /**
   * Writes through a temporary file and a rename, so a crash never leaves half a file. Writes of
   * one file wait for each other: chunks finishing together would otherwise share the temporary
   * file, and one's rename would find it gone.
   */
  private async writeAtomically(name: string, content: string): Promise<void> {
    const target = join(this.directory, name);
    const temporary = `${target}.${process.pid}.tmp`;
    const write = (this.writes.get(name) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        await writeFile(temporary, content, { mode: 0o600 });
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

/**
 * Whether a chunk whose outcome was unknown committed after all, looked up on the ledger by its
 * transaction id until the ledger knows it or {@link OUTCOME_WAIT_MS} passes. Counting such a
 * chunk keeps a job's `committed` equal to the packs on the ledger, also when the job stops
 * meanwhile (its user disabled) and will send nothing again.
 */
async function committedAfterAll(session: LedgerSession, error: unknown): Promise<boolean> {
  if (!(error instanceof LedgerFailure) || error.kind !== 'outcome_unknown') {
    return false;
  }
  const { txId } = error;
  if (txId === undefined) {
    return false;
  }
  for (const end = Date.now() + OUTCOME_WAIT_MS; ;) {
    try {
      const outcome = await session.transactionOutcome(txId);
      if (outcome.status !== 'absent') {
        return outcome.status === 'committed';
      }
    } catch {
      // The lookup itself failed (the ledger unreachable): the outcome stays unknown.
      return false;
    }
    if (Date.now() >= end) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, OUTCOME_POLL_MS));
  }
}

/** What a job's status says of a chunk that could not be committed. */
function chunkError(error: unknown): JobError {
  if (error instanceof LedgerFailure) {
    if (error.body !== undefined) {
      return { code: error.body.code, message: error.body.message };
    }
    if (error.kind === 'conflict') {
      return {
        code: 'CONFLICT',
        message:
          'a chunk kept conflicting with other writes of this GTIN at the same moment; the chunks committed before stay',
      };
    }
    if (error.kind === 'outcome_unknown') {
      return {
        code: 'OUTCOME_UNKNOWN',
        message: `the ledger did not confirm whether a chunk committed${error.txId === undefined ? '' : ` (transaction ${error.txId})`}; the job stopped there`,
      };
    }
  }
  return { code: 'CHUNK_FAILED', message: 'a chunk could not be committed; see the gateway log' };
}
