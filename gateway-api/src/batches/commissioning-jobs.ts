import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_SERIALS_PER_CALL, chunksByCell } from '@packtrace/chaincode/client';
import type { Logger } from 'pino';
import type { UserDirectory } from '../identity/user-directory';
import type { UserSessions } from '../ledger/user-sessions';
import { LedgerFailure, type LedgerSession } from '@packtrace/ledger';

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
 * Attempts per chunk when the ledger was unreachable or did not confirm the outcome: safe,
 * because CommissionPacks adds only the serials not yet present.
 */
const ATTEMPTS = 3;

/**
 * Commissions batches larger than one transaction: splits the serials into chunks of at most
 * MAX_SERIALS_PER_CALL by cell of the compact record, commits them concurrently and records
 * progress on disk after every chunk. The serials (in chunk order) and where each chunk starts
 * are written before the first chunk, and CommissionPacks is idempotent, so a job interrupted by
 * a crash resumes at start-up without losing or duplicating a pack. (Jobs written before chunks
 * followed cells have no `.chunks` file: their chunks are equal slices, as then.)
 */
export class CommissioningJobs {
  private readonly jobs = new Map<string, CommissioningJob>();
  /** The latest write of each file, which the next write of it waits for. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly directory: string,
    private readonly sessions: UserSessions,
    private readonly users: UserDirectory,
    private readonly log: Logger,
  ) {}

  /** Loads every job on disk and resumes those still running. */
  async resume(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    for (const file of await readdir(this.directory)) {
      if (file.endsWith('.json')) {
        const job = JSON.parse(
          await readFile(join(this.directory, file), 'utf8'),
        ) as CommissioningJob;
        this.jobs.set(job.id, job);
        if (job.status === 'running') {
          this.log.info(
            { job: job.id, done: job.doneChunks.length, chunks: job.chunks },
            'resuming commissioning job',
          );
          void this.run(job.id);
        }
      }
    }
  }

  async start(
    username: string,
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
      return started;
    }
    const now = new Date().toISOString();
    const chunks = chunksByCell(serials, MAX_SERIALS_PER_CALL);
    const job: CommissioningJob = {
      id,
      username,
      gtin,
      lot,
      expiry,
      total: serials.length,
      chunkSize: MAX_SERIALS_PER_CALL,
      chunks: chunks.length,
      doneChunks: [],
      committed: 0,
      status: 'running',
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await this.writeAtomically(`${id}.serials`, chunks.flat().join('\n'));
    const starts = chunks.map((_, index) =>
      chunks.slice(0, index).reduce((sum, chunk) => sum + chunk.length, 0),
    );
    await this.writeAtomically(`${id}.chunks`, JSON.stringify([...starts, serials.length]));
    await this.save(job);
    void this.run(id);
    return job;
  }

  get(id: string): CommissioningJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when no job is running (for orderly shutdown and tests). */
  async idle(): Promise<void> {
    while ([...this.jobs.values()].some((job) => job.status === 'running')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async run(id: string): Promise<void> {
    const first = this.jobs.get(id);
    if (first === undefined) {
      return;
    }
    const serials = (await readFile(join(this.directory, `${id}.serials`), 'utf8')).split('\n');
    const bounds = await this.chunkBounds(id, first, serials.length);
    const user = this.users.get(first.username);
    if (user === undefined) {
      await this.fail(id, 'USER_NOT_FOUND', `user ${first.username} no longer exists`);
      return;
    }
    const session = await this.sessions.sessionOf(user);
    const pending = Array.from({ length: first.chunks }, (_, index) => index).filter(
      (index) => !first.doneChunks.includes(index),
    );
    /** Commits one chunk; false when the job failed or stopped. */
    const runChunk = async (index: number): Promise<boolean> => {
      if (this.jobs.get(id)?.status !== 'running') {
        return false;
      }
      const chunk = serials.slice(bounds[index], bounds[index + 1]);
      try {
        await this.commitChunk(session, first, chunk);
        await this.chunkDone(id, index, chunk.length);
        return true;
      } catch (error) {
        const body = error instanceof LedgerFailure ? error.body : undefined;
        await this.fail(
          id,
          body?.code ?? 'CHUNK_FAILED',
          body?.message ?? 'a chunk could not be committed; see the gateway log',
        );
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

  private async commitChunk(
    session: LedgerSession,
    job: CommissioningJob,
    chunk: string[],
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await session.submit('batches:CommissionPacks', [
          job.gtin,
          job.lot,
          job.expiry,
          JSON.stringify(chunk),
        ]);
        return;
      } catch (error) {
        const retryable =
          error instanceof LedgerFailure &&
          (error.kind === 'unavailable' || error.kind === 'outcome_unknown');
        if (!retryable || attempt >= ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private async chunkDone(id: string, index: number, size: number): Promise<void> {
    const job = this.jobs.get(id);
    if (job === undefined) {
      return;
    }
    const doneChunks = [...job.doneChunks, index].sort((a, b) => a - b);
    const finished = doneChunks.length === job.chunks;
    await this.save({
      ...job,
      doneChunks,
      committed: job.committed + size,
      status: finished ? 'completed' : 'running',
      updatedAt: new Date().toISOString(),
    });
  }

  private async fail(id: string, code: string, message: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job !== undefined && job.status === 'running') {
      await this.save({
        ...job,
        status: 'failed',
        error: { code, message },
        updatedAt: new Date().toISOString(),
      });
    }
  }

  private async save(job: CommissioningJob): Promise<void> {
    this.jobs.set(job.id, job);
    await this.writeAtomically(`${job.id}.json`, JSON.stringify(job));
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
