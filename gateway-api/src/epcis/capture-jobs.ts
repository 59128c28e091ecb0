import { randomUUID } from 'node:crypto';

/** What became of one event of a captured document. */
export type CapturedEventResult =
  | {
      readonly eventID: string;
      readonly status: 'recorded';
      readonly step: string;
      readonly txId: string;
    }
  | {
      readonly eventID: string;
      /** Captured before (by this document posted again, or another): nothing changed now. */
      readonly status: 'already_recorded';
      readonly txId: string;
    }
  | {
      readonly eventID: string;
      /** Refused whole: nothing of it is on the ledger. */
      readonly status: 'refused';
      readonly error: { readonly code: string; readonly message: string };
    }
  | {
      readonly eventID: string;
      /**
       * Not recorded, though not refused itself: another event of its document was, and the
       * document is recorded whole or not at all (`rollback`).
       */
      readonly status: 'not_recorded';
      readonly error: { readonly code: string; readonly message: string };
    }
  | {
      readonly eventID: string;
      /**
       * The ledger could not be reached or did not confirm: the event may or may not be
       * recorded; posting the document again settles it (a recorded event is not repeated).
       */
      readonly status: 'not_confirmed';
      readonly error: { readonly code: string; readonly message: string };
    };

/**
 * What capture does when an event is refused (the binding's `GS1-Capture-Error-Behaviour`):
 * `rollback`, the default, records the document whole or not at all; `proceed` records each
 * event that can be.
 */
export type CaptureErrorBehaviour = 'rollback' | 'proceed';

/** The behaviours a client may ask for (the binding's `all` is for a server to announce). */
export const CAPTURE_ERROR_BEHAVIOURS: readonly CaptureErrorBehaviour[] = ['rollback', 'proceed'];

/** A capture job in the shape of EPCIS 2.0's REST binding, with each event's outcome. */
export interface CaptureJob {
  readonly captureID: string;
  readonly createdAt: string;
  readonly finishedAt: string;
  readonly running: false;
  /** Whether every event is on the ledger (recorded now or before). */
  readonly success: boolean;
  /** As the request asked (`rollback` when it did not say). */
  readonly captureErrorBehaviour: CaptureErrorBehaviour;
  readonly errors: ReadonlyArray<{
    readonly eventID: string;
    readonly code: string;
    readonly message: string;
  }>;
  readonly events: readonly CapturedEventResult[];
}

/** How many finished jobs a gateway keeps for their callers to read. */
export const CAPTURE_JOBS_KEPT = 1000;

/**
 * The capture jobs this gateway ran, for `GET /epcis/capture/{captureID}`: kept in memory, the
 * oldest forgotten first. What the events did is on the ledger whatever happens to a job.
 */
export class CaptureJobs {
  /** In the order added; `seq` numbers them so a page token can say where a page ended. */
  private readonly jobs = new Map<string, { owner: string; seq: number; job: CaptureJob }>();
  private nextSeq = 1;

  constructor(private readonly kept = CAPTURE_JOBS_KEPT) {}

  /** Records a finished job of `owner`'s; returns it with its new id. */
  add(
    owner: string,
    createdAt: Date,
    captureErrorBehaviour: CaptureErrorBehaviour,
    events: readonly CapturedEventResult[],
  ): CaptureJob {
    const job: CaptureJob = {
      captureID: randomUUID(),
      createdAt: createdAt.toISOString(),
      finishedAt: new Date().toISOString(),
      running: false,
      success: events.every((e) => e.status === 'recorded' || e.status === 'already_recorded'),
      captureErrorBehaviour,
      // An event not recorded for another's refusal is not an error of its own.
      errors: events.flatMap((e) =>
        e.status === 'refused' || e.status === 'not_confirmed'
          ? [{ eventID: e.eventID, code: e.error.code, message: e.error.message }]
          : [],
      ),
      events,
    };
    this.jobs.set(job.captureID, { owner, seq: this.nextSeq++, job });
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= this.kept) {
        break;
      }
      this.jobs.delete(id);
    }
    return job;
  }

  /**
   * A page of `owner`'s jobs, newest first: at most `perPage`, from after the job `after` names
   * (a token an earlier page gave; undefined for the first page). `next` is the token of the
   * page that follows, absent on the last. A token is the number of the last job listed, so a
   * page stays right while newer jobs arrive and older ones are forgotten.
   */
  list(
    owner: string,
    perPage: number,
    after?: string,
  ): { jobs: CaptureJob[]; next: string | undefined } {
    const before = after === undefined ? Number.POSITIVE_INFINITY : Number(after);
    const mine = [...this.jobs.values()]
      .filter((entry) => entry.owner === owner && entry.seq < before)
      .reverse();
    const page = mine.slice(0, perPage);
    const last = page[page.length - 1];
    return {
      jobs: page.map((entry) => entry.job),
      next: mine.length > perPage && last !== undefined ? String(last.seq) : undefined,
    };
  }

  /** The job, to the user who posted it only. */
  get(owner: string, captureID: string): CaptureJob | undefined {
    const entry = this.jobs.get(captureID);
    return entry?.owner === owner ? entry.job : undefined;
  }
}
