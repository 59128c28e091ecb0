import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_SERIALS_PER_CALL } from '@packtrace/chaincode/client';
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

/** Chunks in flight at once: one is endorsed while the other commits. */
const CONCURRENCY = 2;
/**
 * Attempts per chunk when the ledger was unreachable or did not confirm the outcome: safe,
 * because CommissionPacks adds only the serials not yet present.
 */
const ATTEMPTS = 3;

/**
 * Commissions batches larger than one transaction: splits the serials into chunks of
 * MAX_SERIALS_PER_CALL, commits them concurrently and records progress on disk after every
 * chunk. The serials are written before the first chunk, and CommissionPacks is idempotent, so
 * a job interrupted by a crash resumes at start-up without losing or duplicating a pack.
 */
export class CommissioningJobs {
  private readonly jobs = new Map<string, CommissioningJob>();

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
    const job: CommissioningJob = {
      id,
      username,
      gtin,
      lot,
      expiry,
      total: serials.length,
      chunkSize: MAX_SERIALS_PER_CALL,
      chunks: Math.ceil(serials.length / MAX_SERIALS_PER_CALL),
      doneChunks: [],
      committed: 0,
      status: 'running',
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await this.writeAtomically(`${id}.serials`, serials.join('\n'));
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
    const user = this.users.get(first.username);
    if (user === undefined) {
      await this.fail(id, 'USER_NOT_FOUND', `user ${first.username} no longer exists`);
      return;
    }
    const session = await this.sessions.sessionOf(user);
    const pending = Array.from({ length: first.chunks }, (_, index) => index).filter(
      (index) => !first.doneChunks.includes(index),
    );
    const worker = async () => {
      for (let index = pending.shift(); index !== undefined; index = pending.shift()) {
        if (this.jobs.get(id)?.status !== 'running') {
          return;
        }
        const chunk = serials.slice(index * first.chunkSize, (index + 1) * first.chunkSize);
        try {
          await this.commitChunk(session, first, chunk);
          await this.chunkDone(id, index, chunk.length);
        } catch (error) {
          const body = error instanceof LedgerFailure ? error.body : undefined;
          await this.fail(
            id,
            body?.code ?? 'CHUNK_FAILED',
            body?.message ?? 'a chunk could not be committed; see the gateway log',
          );
          this.log.error({ job: id, chunk: index, err: error }, 'commissioning chunk failed');
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
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

  /** Writes through a temporary file and a rename, so a crash never leaves half a file. */
  private async writeAtomically(name: string, content: string): Promise<void> {
    const target = join(this.directory, name);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, target);
  }
}
