/**
 * The background runs of a job store (commissioning jobs, bulk jobs): each launched run is
 * tracked until it settles, so a shutdown or a test can wait until no job is running and every
 * transaction already sent has come back.
 */
export class BackgroundRuns {
  private readonly runs = new Set<Promise<void>>();

  /** Tracks a launched run until it settles. */
  add(run: Promise<void>): void {
    this.runs.add(run);
    void run.finally(() => this.runs.delete(run));
  }

  /**
   * Resolves once every tracked run has settled and `running()` says no job is running. A
   * stopped job's status may change at once while a transaction it sent may still commit, so
   * neither alone is enough.
   */
  async idle(running: () => boolean): Promise<void> {
    while (this.runs.size > 0 || running()) {
      await Promise.race([
        Promise.allSettled([...this.runs]),
        new Promise((resolve) => setTimeout(resolve, 20)),
      ]);
    }
  }
}
