import { ApiError } from '../errors/api-error';

/** How print runs are bounded (the assembly passes the resolved settings). */
export interface PrintRunLimits {
  /** Print runs one party may have running at once; see `GatewayConfig.printRunsPerParty`. */
  readonly perParty: number;
  /** The most labels one print run may hold; see `GatewayConfig.printRunMaxLabels`. */
  readonly maxLabels: number;
}

/**
 * Seconds a party refused another print run is told to wait: a large run takes a minute or
 * two of a core, so asking sooner would mostly be refused again.
 */
const PRINT_RUN_RETRY_AFTER_SECONDS = 30;

/**
 * The print runs in progress, per party (GLN, over all its users). Each run draws its labels on
 * the gateway's own cores, so one party may have only so many at once, and a run only so many
 * labels.
 */
export class PrintRuns {
  /** The most labels one print run may hold. */
  readonly maxLabels: number;
  private readonly perParty: number;
  private readonly running = new Map<string, number>();

  constructor(limits: PrintRunLimits) {
    this.perParty = limits.perParty;
    this.maxLabels = limits.maxLabels;
  }

  /**
   * Takes one of the party's places for a print run, before anything is read or drawn.
   *
   * @returns what gives the place back (calling it again does nothing)
   * @throws ApiError 429 TOO_MANY_PRINT_RUNS, with a retry delay, when the party has none free
   */
  take(party: string): () => void {
    const running = this.running.get(party) ?? 0;
    if (running >= this.perParty) {
      throw new ApiError(
        429,
        'TOO_MANY_PRINT_RUNS',
        `your organisation (GLN ${party}) has ${running} print runs in progress, as many as it may at once; try again when one has finished`,
        undefined,
        PRINT_RUN_RETRY_AFTER_SECONDS,
      );
    }
    this.running.set(party, running + 1);
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const left = (this.running.get(party) ?? 1) - 1;
      if (left > 0) {
        this.running.set(party, left);
      } else {
        this.running.delete(party);
      }
    };
  }
}
